import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '../../../components/pages/OptionsApp';
import { parseTeamHandles } from '../../../components/pages/SettingsSection';
import { getSettings, saveSettings } from '../../../lib/messaging/settings';
import { DEFAULT_SETTINGS, effectiveTeamHandles } from '../../../lib/settings';
import { makeEnv, renderWith, type TestEnv } from './helpers';

let env: TestEnv;
beforeEach(() => {
  window.location.hash = '#/settings';
  env = makeEnv();
});
afterEach(async () => {
  await env.close();
});

describe('options page: settings', () => {
  it('names each bad handle with its line and saves nothing until all are valid', async () => {
    const user = userEvent.setup({ delay: null });
    await saveSettings({ teamHandles: ['AcmeSupport'] });
    renderWith(env, <OptionsApp />);
    const box = await screen.findByLabelText('Team handles');
    await waitFor(() => expect(box).toHaveValue('@AcmeSupport'));

    await user.clear(box);
    await user.type(box, '@AcmeSupport{enter}agent smith!{enter}@this_handle_is_too_long{enter}@Agent_Kim');
    await user.click(screen.getByRole('button', { name: 'Save team handles' }));

    const alert = await screen.findByRole('alert');
    const items = within(alert).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'Line 2: “smith!”: an X handle has 1 to 15 letters, digits or underscores',
      'Line 3: “@this_handle_is_too_long”: an X handle has 1 to 15 letters, digits or underscores',
    ]);
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect((await getSettings()).teamHandles).toEqual(['AcmeSupport']);

    await user.clear(box);
    await user.type(box, '@AcmeSupport{enter}agent_smith{enter}@Agent_Kim');
    await user.click(screen.getByRole('button', { name: 'Save team handles' }));
    await waitFor(async () => expect((await getSettings()).teamHandles).toEqual(['AcmeSupport', 'agent_smith', 'Agent_Kim']));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Saved 3 team handles.')).toBeInTheDocument();
  });

  it('toggles lint, annotations, confirmation and notifications, and follows changes made elsewhere', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    const lint = await screen.findByRole('checkbox', { name: 'Lint reply drafts' });
    expect(lint).toBeChecked();
    await user.click(lint);
    await user.click(screen.getByRole('checkbox', { name: 'Confirm before posting with errors' }));
    await waitFor(async () => expect(await getSettings()).toMatchObject({ lintEnabled: false, confirmOnError: false, annotateEnabled: true, notifyOverdue: true }));

    // A change made elsewhere (another tab) reaches the page through a storage event: React state from outside.
    await act(() => saveSettings({ annotateEnabled: false }));
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'Show case chips on tweets' })).not.toBeChecked());
    expect(screen.getByRole('checkbox', { name: 'Lint reply drafts' })).not.toBeChecked();
  });

  it('parses handles separated by lines, commas or spaces and drops duplicates', () => {
    expect(parseTeamHandles('@a_b, c\n@A_B  d')).toEqual({ handles: ['a_b', 'c', 'd'], errors: [] });
    expect(parseTeamHandles('ok\n\n@bad-handle').errors).toEqual([
      { line: 3, value: '@bad-handle', message: 'an X handle has 1 to 15 letters, digits or underscores' },
    ]);
  });

  it('shows the organisation’s team handles read-only, merged with the agent’s own, and follows policy changes', async () => {
    const user = userEvent.setup({ delay: null });
    await fakeBrowser.storage.managed.set({ teamHandles: ['@AcmeSupport', 'acme_help', 'not a handle!'] });
    await saveSettings({ teamHandles: ['acmesupport', 'Agent_Kim'] });
    renderWith(env, <OptionsApp />);

    const managed = await screen.findByRole('list', { name: 'Team handles set by your organisation' });
    expect(within(managed).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '@AcmeSupport set by your organisation',
      '@acme_help set by your organisation',
    ]);
    // Read-only: the policy's handles are not in the agent's editable box, and saving the box never stores them.
    const box = screen.getByLabelText('Team handles');
    await waitFor(() => expect(box).toHaveValue('@acmesupport\n@Agent_Kim'));
    expect(screen.getByText(/^In use:/)).toHaveTextContent('In use: @AcmeSupport, @acme_help, @Agent_Kim (3 handles).');
    await user.clear(box);
    await user.type(box, '@Agent_Lee');
    await user.click(screen.getByRole('button', { name: 'Save team handles' }));
    await waitFor(async () => expect((await getSettings()).teamHandles).toEqual(['Agent_Lee']));
    expect(screen.getByText(/^In use:/)).toHaveTextContent('In use: @AcmeSupport, @acme_help, @Agent_Lee (3 handles).');

    await act(() => fakeBrowser.storage.managed.set({ teamHandles: ['brand_two'] }));
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Team handles set by your organisation' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual(
        ['@brand_two set by your organisation'],
      ),
    );
  });

  it('shows no organisation list without a policy', async () => {
    renderWith(env, <OptionsApp />);
    await screen.findByLabelText('Team handles');
    expect(screen.queryByRole('list', { name: 'Team handles set by your organisation' })).toBeNull();
    expect(screen.queryByText(/^In use:/)).toBeNull();
  });

  it('effectiveTeamHandles: policy handles first, then the agent’s own, valid and without case-insensitive duplicates', () => {
    const settings = { ...DEFAULT_SETTINGS, teamHandles: ['Agent_Kim', 'ACMESUPPORT'] };
    expect(effectiveTeamHandles(settings, { teamHandles: ['@AcmeSupport', 'bad handle', 42, 'help_desk'] })).toEqual([
      'AcmeSupport',
      'help_desk',
      'Agent_Kim',
    ]);
    expect(effectiveTeamHandles(settings, null)).toEqual(['Agent_Kim', 'ACMESUPPORT']);
    expect(effectiveTeamHandles({ teamHandles: [] }, { teamHandles: undefined })).toEqual([]);
  });
});
