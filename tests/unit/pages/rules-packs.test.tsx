import { readFileSync } from 'node:fs';
import { EditorView } from '@codemirror/view';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '../../../components/pages/OptionsApp';
import { browserPacksService } from '../../../components/pages/packsService';
import type { FetchFn, FetchResponse } from '../../../lib/packs/subscriptions';
import { getSettings } from '../../../lib/messaging/settings';
import { makeEnv, renderWith, type TestEnv } from './helpers';

let env: TestEnv;
beforeEach(() => {
  env = makeEnv();
  // The agent allows access to a pack URL's site when the browser asks (see packs-permission.test.tsx for refusals).
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async () => true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await env.close();
});

const settingsPack = (name: string, severity: string, version = '1.0.0') =>
  `name: ${name}\nversion: ${version}\ndescription: Sets deflect-to-phone to ${severity}.\nsettings:\n  deflect-to-phone:\n    severity: ${severity}\n`;

const file = (text: string, name: string) => new File([text], name, { type: 'application/yaml' });

/** A fake https server: path -> body (or status). */
function fakeServer(routes: Record<string, string | number>) {
  const calls: string[] = [];
  const fetchFn: FetchFn = async (url) => {
    calls.push(url);
    const r = routes[url];
    const status = typeof r === 'number' ? r : r === undefined ? 404 : 200;
    const res: FetchResponse = {
      status,
      ok: status >= 200 && status < 300,
      url,
      headers: { get: () => null },
      text: async () => (typeof r === 'string' ? r : ''),
    };
    return res;
  };
  return { fetchFn, calls, routes };
}

function decidedLine(ruleId: string) {
  const article = screen.getByRole('article', { name: new RegExp(`^${ruleId}\\b`) });
  return within(article).getByText(/decided by/).textContent;
}

describe('options page: packs and rules', () => {
  it('lists the pack rules the time budget turned off in a tab, with the reason, on the list and on the rule', async () => {
    const user = userEvent.setup({ delay: null });
    const reason = 'turned off in a tab this session: it took 41 ms on one draft; all pack rules together may take 30 ms per keystroke';
    let reported: Array<{ rule: string; ms: number; at: number; tabs: number; reason: string }> = [];
    env.services.slowRules = { list: async () => reported };
    window.location.hash = '#/packs';
    renderWith(env, <OptionsApp packs={browserPacksService(fakeServer({}).fetchFn)} />);
    await user.upload(await screen.findByLabelText('Import pack (YAML or JSON)'), file(readFileSync('packs/tone.yaml', 'utf8'), 'tone.yaml'));
    await screen.findByText('Installed pack “tone” 1.0.0.');
    act(() => {
      window.location.hash = '#/rules';
    });
    await screen.findByRole('heading', { name: /^tone\/no-calm-down/ });
    expect(screen.queryByRole('region', { name: 'Pack rules turned off by the time budget' })).toBeNull();
    expect(screen.queryByRole('note')).toBeNull();

    // A tab turns the rule off; the page shows it when it is opened again.
    reported = [{ rule: 'tone/no-calm-down', ms: 41, at: Date.now(), tabs: 1, reason }];
    act(() => {
      window.location.hash = '#/packs';
    });
    await screen.findByLabelText('Import pack (YAML or JSON)');
    act(() => {
      window.location.hash = '#/rules';
    });
    const box = await screen.findByRole('region', { name: 'Pack rules turned off by the time budget' });
    expect(within(box).getByRole('link', { name: 'tone/no-calm-down' })).toHaveAttribute('href', '#/rules/tone%2Fno-calm-down');
    expect(box).toHaveTextContent(reason);
    const article = screen.getByRole('article', { name: /^tone\/no-calm-down\b/ });
    expect(within(article).getByRole('note')).toHaveTextContent(`Turned off by the time budget: ${reason}`);
    act(() => {
      window.location.hash = '#/rules/tone%2Fno-calm-down';
    });
    expect(await screen.findByRole('note')).toHaveTextContent(reason);
  });

  it('imports a pack file, shows its rules with docs, and refuses a broken pack with the reason', async () => {
    const user = userEvent.setup({ delay: null });
    window.location.hash = '#/packs';
    const packs = browserPacksService(fakeServer({}).fetchFn);
    renderWith(env, <OptionsApp packs={packs} />);

    const tone = readFileSync('packs/tone.yaml', 'utf8');
    await user.upload(await screen.findByLabelText('Import pack (YAML or JSON)'), file(tone, 'tone.yaml'));
    expect(await screen.findByRole('status')).toHaveTextContent('Installed pack “tone” 1.0.0.');
    const list = screen.getByRole('list', { name: /Installed packs/ });
    expect(within(list).getByRole('listitem', { name: 'Pack tone' })).toHaveTextContent('v1.0.0');

    await user.upload(screen.getByLabelText('Import pack (YAML or JSON)'), file('name: Bad Name\nversion: 1\n', 'bad.yaml'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/^bad\.yaml: not installed, invalid pack: .*name/);
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);

    act(() => {
      window.location.hash = '#/rules';
    });
    expect(await screen.findByRole('heading', { name: /^tone\/no-calm-down/ })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /^deflect-to-phone/ })).toBeInTheDocument();

    // The in-page lint panel links to one rule's docs: encoded or not, the pack rule opens.
    for (const hash of ['#/rules/tone%2Fno-calm-down', '#/rules/tone/no-calm-down']) {
      act(() => {
        window.location.hash = hash;
      });
      expect(await screen.findByRole('heading', { level: 2, name: 'tone/no-calm-down' })).toBeInTheDocument();
      expect(screen.getByText('From pack “tone”')).toBeInTheDocument();
      act(() => {
        window.location.hash = '#/rules';
      });
      await screen.findByRole('heading', { level: 2, name: 'Rules' });
    }
  });

  it('importing several pack files at once installs every one of them (a broken one is named, the rest kept)', async () => {
    const user = userEvent.setup({ delay: null });
    window.location.hash = '#/packs';
    const packs = browserPacksService(fakeServer({}).fetchFn);
    renderWith(env, <OptionsApp packs={packs} />);
    const input = await screen.findByLabelText('Import pack (YAML or JSON)');
    await user.upload(input, [
      file(settingsPack('strict-team', 'error'), 'a.yaml'),
      file('name: Bad Name\nversion: 1\n', 'bad.yaml'),
      file(settingsPack('relaxed-team', 'info'), 'b.yaml'),
    ]);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/bad\.yaml: not installed/);
    expect(alert).toHaveTextContent('Installed pack “strict-team” 1.0.0. Installed pack “relaxed-team” 1.0.0.');
    const list = screen.getByRole('list', { name: /Installed packs/ });
    await waitFor(() => expect(within(list).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual(['Pack strict-team', 'Pack relaxed-team']));
    expect((await packs.read()).packs.map((p) => p.id)).toEqual(['strict-team', 'relaxed-team']);
  });

  it('shows which pack decided a rule, follows reordering, and lets the agent override and reset', async () => {
    const user = userEvent.setup({ delay: null });
    window.location.hash = '#/packs';
    const packs = browserPacksService(fakeServer({}).fetchFn);
    renderWith(env, <OptionsApp packs={packs} />);
    const input = await screen.findByLabelText('Import pack (YAML or JSON)');
    await user.upload(input, file(settingsPack('strict-team', 'error'), 'a.yaml'));
    await screen.findByText('Installed pack “strict-team” 1.0.0.');
    await user.upload(input, file(settingsPack('relaxed-team', 'info'), 'b.yaml'));
    await screen.findByText('Installed pack “relaxed-team” 1.0.0.');

    act(() => {
      window.location.hash = '#/rules';
    });
    await screen.findByRole('heading', { name: /^deflect-to-phone/ });
    expect(decidedLine('deflect-to-phone')).toMatch(/error \(decided by pack “strict-team”\)/);
    expect(decidedLine('deflect-to-phone')).toMatch(/On \(decided by the built-in default\)/);
    expect(screen.getByText(/pack “relaxed-team” sets severity to info/)).toBeInTheDocument();

    act(() => {
      window.location.hash = '#/packs';
    });
    await user.click(await screen.findByRole('button', { name: 'Move relaxed-team up' }));
    await screen.findByText(/Moved “relaxed-team” up/);
    act(() => {
      window.location.hash = '#/rules';
    });
    await screen.findByRole('heading', { name: /^deflect-to-phone/ });
    expect(decidedLine('deflect-to-phone')).toMatch(/info \(decided by pack “relaxed-team”\)/);

    const article = screen.getByRole('article', { name: /^deflect-to-phone\b/ });
    await user.selectOptions(within(article).getByLabelText('Severity of deflect-to-phone'), 'warning');
    await waitFor(() => expect(decidedLine('deflect-to-phone')).toMatch(/warning \(decided by your settings\)/));
    await user.click(within(article).getByRole('checkbox', { name: /Enabled deflect-to-phone/ }));
    await waitFor(async () => expect((await getSettings()).rules['deflect-to-phone']).toEqual({ severity: 'warning', enabled: false }));
    expect(decidedLine('deflect-to-phone')).toMatch(/Off \(decided by your settings\)/);

    await user.click(within(article).getByRole('button', { name: 'Reset deflect-to-phone to pack or default' }));
    await waitFor(() => expect(decidedLine('deflect-to-phone')).toMatch(/On .* info \(decided by pack “relaxed-team”\)/));
    expect((await getSettings()).rules['deflect-to-phone']).toBeUndefined();
  });

  it('disabling and removing a pack takes its rules away', async () => {
    const user = userEvent.setup({ delay: null });
    window.location.hash = '#/packs';
    renderWith(env, <OptionsApp packs={browserPacksService(fakeServer({}).fetchFn)} />);
    await user.upload(await screen.findByLabelText('Import pack (YAML or JSON)'), file(readFileSync('packs/tone.yaml', 'utf8'), 'tone.yaml'));
    await screen.findByText('Installed pack “tone” 1.0.0.');
    await user.click(screen.getByRole('checkbox', { name: 'Enabled tone' }));
    await screen.findByText('Disabled “tone”.');
    act(() => {
      window.location.hash = '#/rules/tone%2Fno-calm-down';
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('No rule “tone/no-calm-down” is installed');

    act(() => {
      window.location.hash = '#/packs';
    });
    await user.click(await screen.findByRole('button', { name: 'Remove tone' }));
    await user.click(screen.getByRole('button', { name: 'Yes, remove tone' }));
    expect(await screen.findByText('No packs installed. Built-in rules are used as they are.')).toBeInTheDocument();
  });

  it('subscribes to an https URL, refuses http, and shows why an update was refused while keeping the version', async () => {
    const user = userEvent.setup({ delay: null });
    window.location.hash = '#/packs';
    const server = fakeServer({ 'https://packs.example/team.yaml': settingsPack('team', 'error', '1.0.0') });
    renderWith(env, <OptionsApp packs={browserPacksService(server.fetchFn)} />);

    const urlBox = await screen.findByLabelText('Pack URL (https only)');
    await user.type(urlBox, 'http://packs.example/team.yaml');
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not fetched: only https:// pack URLs are allowed');
    expect(server.calls).toEqual([]);

    await user.clear(urlBox);
    await user.type(urlBox, 'https://packs.example/team.yaml');
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Installed pack “team” 1.0.0.');
    const item = screen.getByRole('listitem', { name: 'Pack team' });
    expect(item).toHaveTextContent('subscription · https://packs.example/team.yaml');

    server.routes['https://packs.example/team.yaml'] = 'name: team\nversion: 2.0.0\ndescription: broken\nsettings: 7\n';
    await user.click(within(item).getByRole('button', { name: 'Check for update of team' }));
    expect(await within(screen.getByRole('listitem', { name: 'Pack team' })).findByText(/Last update refused: update not applied, invalid pack/)).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'Pack team' })).toHaveTextContent('v1.0.0');

    await user.click(within(screen.getByRole('listitem', { name: 'Pack team' })).getByRole('checkbox', { name: 'Pin version 1.0.0 of team' }));
    await waitFor(() => expect(within(screen.getByRole('listitem', { name: 'Pack team' })).getByRole('button', { name: 'Check for update of team' })).toBeDisabled());
  });

  it('shows one rule’s docs on #/rules/<id>, as text', async () => {
    window.location.hash = '#/rules/deflect-to-phone';
    renderWith(env, <OptionsApp packs={browserPacksService(fakeServer({}).fetchFn)} />);
    expect(await screen.findByRole('heading', { name: 'deflect-to-phone', level: 2 })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Docs' })).toBeInTheDocument();
    expect(document.querySelector('.docs')!.textContent!.length).toBeGreaterThan(40);
    expect(screen.getByRole('link', { name: '← All rules' })).toHaveAttribute('href', '#/rules');
  });

  it('edits an installed pack in the pack editor and saves the new version in place', async () => {
    const user = userEvent.setup({ delay: null });
    window.location.hash = '#/packs';
    renderWith(env, <OptionsApp packs={browserPacksService(fakeServer({}).fetchFn)} />);
    const input = await screen.findByLabelText('Import pack (YAML or JSON)');
    await user.upload(input, file(settingsPack('first-pack', 'error'), 'a.yaml'));
    await screen.findByText('Installed pack “first-pack” 1.0.0.');
    await user.upload(input, file(settingsPack('second-pack', 'info'), 'b.yaml'));
    await screen.findByText('Installed pack “second-pack” 1.0.0.');

    await user.click(screen.getByRole('button', { name: 'Edit first-pack' }));
    const editor = screen.getByRole('region', { name: 'Edit pack first-pack' });
    // The editor is CodeMirror: change its document as typing or pasting would.
    const view = EditorView.findFromDOM(within(editor).getByLabelText('Pack (YAML or JSON)'))!;
    act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: settingsPack('first-pack', 'warning', '1.1.0') } }));
    await user.click(within(editor).getByRole('button', { name: 'Save pack' }));
    expect(await screen.findByText('Saved “first-pack” 1.1.0.')).toBeInTheDocument();

    const items = within(screen.getByRole('list', { name: /Installed packs/ })).getAllByRole('listitem');
    expect(items.map((li) => li.getAttribute('aria-label'))).toEqual(['Pack first-pack', 'Pack second-pack']);
    expect(items[0]).toHaveTextContent('v1.1.0');
    act(() => {
      window.location.hash = '#/rules';
    });
    await screen.findByRole('heading', { name: /^deflect-to-phone/ });
    expect(decidedLine('deflect-to-phone')).toMatch(/warning \(decided by pack “first-pack”\)/);
  });
});
