import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionsApp } from '../../../components/pages/OptionsApp';
import { csvFile, makeEnv, renderWith, type TestEnv } from './helpers';

let env: TestEnv;

beforeEach(() => {
  window.location.hash = '#/data';
  env = makeEnv();
});
afterEach(async () => {
  await env.close();
});

const GOOD = [
  'Twitter Handle,Customer Name,Subject,State,Order Number',
  '@jane_doe,Jane Doe,Router keeps rebooting,open,A-1001',
  'bob_k,Bob K,Double charge,waiting,A-1002',
  'sam_l,Sam L,Late delivery,solved,A-1003',
].join('\n');

describe('options page: data', () => {
  it('guesses the column mapping from the headers, previews the rows, and imports a clean file', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    await user.upload(screen.getByLabelText('Import cases (CSV)'), csvFile(GOOD));

    expect(await screen.findByLabelText('Handle (required)')).toHaveValue('Twitter Handle');
    expect(screen.getByLabelText('Display name')).toHaveValue('Customer Name');
    expect(screen.getByLabelText('Case title')).toHaveValue('Subject');
    expect(screen.getByLabelText('Status')).toHaveValue('State');
    expect(screen.getByLabelText('Order')).toHaveValue('Order Number');
    expect(screen.getByLabelText('Phone')).toHaveValue('');

    const preview = screen.getByRole('table', { name: /Preview: first 3 of 3 rows/ });
    const rows = within(preview).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(within(rows[1]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2', '@jane_doe', 'Jane Doe', 'Router keeps rebooting', 'open', 'A-1001']);

    await user.click(screen.getByRole('button', { name: 'Import 3 rows' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Imported 3 cases (3 new customers)');
    const bob = await env.store.history('bob_k');
    expect(bob?.cases[0]).toMatchObject({ title: 'Double charge', status: 'waiting' });
    expect(bob?.details).toEqual([expect.objectContaining({ kind: 'order', value: 'A-1002' })]);
  });

  it('lists every bad row with its line and column and writes nothing', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    const bad = [
      'handle,title,status,priority',
      'jane_doe,Router keeps rebooting,open,high',
      'not a handle!,Double charge,open,normal',
      'sam_l,Late delivery,closed-ish,normal',
    ].join('\n');
    await user.upload(screen.getByLabelText('Import cases (CSV)'), csvFile(bad, 'bad.csv'));

    // The check runs before anything is written: every bad row, with line and column, and no way to import.
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/2 problems found/);
    const table = within(alert).getByRole('table', { name: 'Rows to fix' });
    const cells = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell').slice(0, 2).map((c) => c.textContent));
    expect(cells).toEqual([['3', 'handle'], ['4', 'status']]);
    expect(within(table).getAllByRole('row')[2]).toHaveTextContent('closed-ish');
    expect(screen.getByRole('button', { name: 'Import 3 rows' })).toBeDisabled();
    // The preview still shows the file's rows with their line numbers.
    const preview = screen.getByRole('table', { name: /Preview: first 3 of 3 rows/ });
    expect(within(preview).getAllByRole('row').map((r) => r.firstElementChild?.textContent)).toEqual(['Line', '2', '3', '4']);
    // All-or-nothing: the good row was not written either.
    expect(await env.store.history('jane_doe')).toBeNull();
    expect(await env.store.searchCustomers('')).toEqual([]);
  });

  it('asks for a column for required fields the headers do not name', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    await user.upload(screen.getByLabelText('Import cases (CSV)'), csvFile('who,what\njane,Broken\n'));
    expect(await screen.findByText('Choose a column for Handle.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import 1 row' })).toBeDisabled();
    await user.selectOptions(screen.getByLabelText('Handle (required)'), 'who');
    await user.selectOptions(screen.getByLabelText('Case title'), 'what');
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    await user.click(screen.getByRole('button', { name: 'Import 1 row' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Imported 1 case');
    expect((await env.store.history('jane'))?.cases[0]?.title).toBe('Broken');
  });

  it('refuses a malformed backup and a backup from a newer version with a clear error, changing nothing', async () => {
    const user = userEvent.setup({ delay: null });
    await env.store.createCase({ handle: 'jane_doe', title: 'Kept' });
    const backup = JSON.parse(await env.store.exportBackup()) as { version: number };
    renderWith(env, <OptionsApp />);
    const input = screen.getByLabelText('Import backup (JSON)');

    await user.upload(input, new File(['{"format": "caselint-backup", '], 'broken.json', { type: 'application/json' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/broken\.json is not a Caselint backup: it is not valid JSON/);

    const newer = JSON.stringify({ ...backup, version: backup.version + 1 });
    await user.upload(input, new File([newer], 'future.json', { type: 'application/json' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(/future\.json was not imported: .*newer version of Caselint/));

    expect((await env.store.history('jane_doe'))?.cases.map((c) => c.title)).toEqual(['Kept']);
  });

  it('restores a valid backup and reports what it imported', async () => {
    const user = userEvent.setup({ delay: null });
    await env.store.createCase({ handle: 'jane_doe', title: 'From backup' });
    await env.store.addNote({ handle: 'jane_doe', text: 'n1' });
    const json = await env.store.exportBackup();
    await env.store.clearAll();
    renderWith(env, <OptionsApp />);
    await user.upload(screen.getByLabelText('Import backup (JSON)'), new File([json], 'b.json', { type: 'application/json' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Imported b.json: 1 customers, 1 cases, 1 notes');
    expect((await env.store.history('jane_doe'))?.cases[0]?.title).toBe('From backup');
  });

  it('deletes all data only after confirmation', async () => {
    const user = userEvent.setup({ delay: null });
    await env.store.createCase({ handle: 'jane_doe', title: 'Something' });
    renderWith(env, <OptionsApp />);
    await user.click(screen.getByRole('button', { name: 'Delete all data' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await env.store.history('jane_doe')).not.toBeNull();
    await user.click(screen.getByRole('button', { name: 'Delete all data' }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete all data' }));
    expect(await screen.findByRole('status')).toHaveTextContent('All case data deleted');
    expect(await env.store.history('jane_doe')).toBeNull();
  });
});
