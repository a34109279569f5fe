import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ImportProgressBar, formatLeft } from '../../../components/pages/ImportProgressBar';
import { OptionsApp } from '../../../components/pages/OptionsApp';
import type { ImportProgress } from '../../../lib/cases/progress';
import { csvFile, makeEnv, renderWith, type TestEnv } from './helpers';

const writing = (done: number, total: number, leftMs: number | null): ImportProgress => ({
  id: 'j',
  kind: 'csv',
  phase: 'writing',
  done,
  total,
  unit: 'rows',
  elapsedMs: 10_000,
  leftMs,
  cancelling: false,
});

describe('ImportProgressBar', () => {
  it('shows rows done of the total, the time left and a bar at that value', () => {
    render(<ImportProgressBar label="Importing cases.csv" progress={writing(41_200, 100_000, 70_000)} onCancel={() => undefined} />);
    const bar = screen.getByRole('progressbar', { name: 'Importing cases.csv' });
    expect(bar).toHaveAttribute('max', '100000');
    expect(bar).toHaveAttribute('value', '41200');
    expect(bar).toHaveAccessibleDescription('41,200 of 100,000 rows · about 1 min 10 s left');
  });

  it('is indeterminate while the file is checked, and says so', () => {
    render(<ImportProgressBar label="Importing cases.csv" progress={null} onCancel={() => undefined} />);
    expect(screen.getByRole('progressbar')).not.toHaveAttribute('value');
    expect(screen.getByText('Checking the file…')).toBeInTheDocument();
  });

  it('Cancel calls back once, then is disabled while cancelling', async () => {
    const user = userEvent.setup({ delay: null });
    const onCancel = vi.fn();
    const { rerender } = render(<ImportProgressBar label="Importing" progress={writing(10, 100, 5_000)} onCancel={onCancel} />);
    await user.click(screen.getByRole('button', { name: 'Cancel import' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    rerender(<ImportProgressBar label="Importing" progress={{ ...writing(10, 100, 5_000), cancelling: true }} onCancel={onCancel} />);
    expect(screen.getByRole('button', { name: 'Cancel import' })).toBeDisabled();
    expect(screen.getByText('Cancelling: undoing what was written…')).toBeInTheDocument();
  });

  it('formats the time left', () => {
    expect(formatLeft(null)).toBeNull();
    expect(formatLeft(2_000)).toBe('less than 5 s left');
    expect(formatLeft(42_000)).toBe('about 42 s left');
    expect(formatLeft(60_000)).toBe('about 1 min left');
    expect(formatLeft(119_000)).toBe('about 2 min left');
    expect(formatLeft(3 * 3600_000 + 5 * 60_000)).toBe('about 3 h 5 min left');
  });
});

describe('options page: a CSV import in progress', () => {
  let env: TestEnv;
  beforeEach(() => {
    window.location.hash = '#/data';
    env = makeEnv();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await env.close();
  });

  it('shows the background’s progress, and Cancel stops the import with nothing imported', async () => {
    const user = userEvent.setup({ delay: null });
    // The background's side, held mid-write: progress answers for the page's job id until it is cancelled.
    let jobId: string | undefined;
    let cancelled!: () => void;
    const cancel = new Promise<void>((r) => (cancelled = r));
    vi.spyOn(env.api, 'importCsv').mockImplementation(async (input) => {
      jobId = input.jobId;
      await cancel;
      throw new Error('CSV import cancelled: nothing was imported, the data is as before.');
    });
    vi.spyOn(env.api, 'importProgress').mockImplementation(async ({ id }) => (id === jobId ? { ...writing(1_500, 3, 12_000), done: 1, total: 3, id } : null));
    const importCancel = vi.spyOn(env.api, 'importCancel').mockImplementation(async ({ id }) => {
      expect(id).toBe(jobId);
      cancelled();
      return { cancelled: true };
    });
    renderWith(env, <OptionsApp />);
    await user.upload(screen.getByLabelText('Import cases (CSV)'), csvFile('handle,title\njen,A\nbob,B\nsam,C'));
    await user.click(await screen.findByRole('button', { name: 'Import 3 rows' }));
    const bar = await screen.findByRole('progressbar', { name: /Importing / });
    await waitFor(() => expect(bar).toHaveAccessibleDescription('1 of 3 rows · about 12 s left'));
    expect(screen.getByRole('button', { name: 'Import 3 rows' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Cancel import' }));
    expect(importCancel).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('status')).toHaveTextContent('Import cancelled: nothing was imported, the data is as before.');
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(await env.store.history('jen')).toBeNull();
  });

  it('a real import through the store reports its progress under the page’s job id', async () => {
    const user = userEvent.setup({ delay: null });
    const asked: string[] = [];
    const real = env.api.importProgress.bind(env.api);
    vi.spyOn(env.api, 'importProgress').mockImplementation(async (input) => {
      asked.push(input.id);
      return real(input);
    });
    const sent = vi.spyOn(env.api, 'importCsv');
    renderWith(env, <OptionsApp />);
    await user.upload(screen.getByLabelText('Import cases (CSV)'), csvFile('handle,title\njen,A\nbob,B'));
    await user.click(await screen.findByRole('button', { name: 'Import 2 rows' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Imported 2 cases');
    const jobId = sent.mock.calls[0]![0].jobId!;
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(asked).toContain(jobId);
    expect(await env.store.importProgress({ id: jobId })).toMatchObject({ phase: 'done', done: 2, total: 2 });
  });
});
