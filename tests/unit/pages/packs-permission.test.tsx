/**
 * Pack import from a URL runs in the options page, so the page asks the browser for the URL's site (optional
 * host permission) before fetching: servers without CORS headers are readable only with it.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '../../../components/pages/OptionsApp';
import { browserPacksService } from '../../../components/pages/packsService';
import { PACKS_KEY } from '../../../lib/packs/storage';
import { MANAGED_FAILURES_KEY, type FetchFn } from '../../../lib/packs/subscriptions';
import { makeEnv, renderWith, type TestEnv } from './helpers';

const URL_A = 'https://packs.example/care/team.yaml';
const pack = (version: string) => `name: team\nversion: ${version}\ndescription: Team pack.\nsettings:\n  deflect-to-phone:\n    severity: error\n`;

let env: TestEnv;
/** What happened, in order: "ask <origins>" for permission requests, "fetch <url>" for downloads. */
let events: string[];
let answer: boolean | Error;
let body: string;

beforeEach(() => {
  env = makeEnv();
  events = [];
  answer = true;
  body = pack('1.0.0');
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async (p) => {
    events.push(`ask ${(p.origins ?? []).join(',')}`);
    if (answer instanceof Error) throw answer;
    return answer;
  });
  window.location.hash = '#/packs';
});
afterEach(async () => {
  vi.restoreAllMocks();
  await env.close();
});

const fetchFn: FetchFn = async (url) => {
  events.push(`fetch ${url}`);
  return { status: 200, ok: true, url, headers: { get: () => null }, text: async () => body };
};

async function typeUrl(user: ReturnType<typeof userEvent.setup>, url: string) {
  const box = await screen.findByLabelText('Pack URL (https only)');
  await user.clear(box);
  await user.type(box, url);
}

describe('options page: pack URL access', () => {
  it('asks for the URL’s site before fetching, and explains a refusal without fetching or installing', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp packs={browserPacksService(fetchFn)} />);

    answer = false;
    await typeUrl(user, URL_A);
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Not fetched: access to https://packs.example was refused');
    expect(alert).toHaveTextContent('Click again and choose “Allow”, or download the pack file and use “Import pack” instead.');
    expect(events).toEqual(['ask https://packs.example/*']);
    expect(screen.getByText('No packs installed. Built-in rules are used as they are.')).toBeInTheDocument();
    expect((await fakeBrowser.storage.local.get(PACKS_KEY))[PACKS_KEY]).toBeUndefined();
    // The URL stays in the box for the next try.
    expect(screen.getByLabelText('Pack URL (https only)')).toHaveValue(URL_A);

    answer = true;
    await user.click(screen.getByRole('button', { name: 'Import once' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Installed pack “team” 1.0.0.');
    expect(events).toEqual(['ask https://packs.example/*', 'ask https://packs.example/*', `fetch ${URL_A}`]);
  });

  it('asks again before “Check for update”, and keeps the version when refused', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp packs={browserPacksService(fetchFn)} />);
    await typeUrl(user, URL_A);
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    await screen.findByText('Installed pack “team” 1.0.0.');

    events = [];
    answer = false;
    body = pack('2.0.0');
    await user.click(screen.getByRole('button', { name: 'Check for update of team' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('access to https://packs.example was refused');
    expect(events).toEqual(['ask https://packs.example/*']);
    expect(within(screen.getByRole('listitem', { name: 'Pack team' })).getByText('v1.0.0')).toBeInTheDocument();

    answer = true;
    await user.click(screen.getByRole('button', { name: 'Check for update of team' }));
    expect(await screen.findByText('Updated “team” to 2.0.0.')).toBeInTheDocument();
    expect(events.slice(1)).toEqual(['ask https://packs.example/*', `fetch ${URL_A}`]);
  });

  it('says so when the browser cannot ask (no user gesture, API missing) and fetches nothing', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp packs={browserPacksService(fetchFn)} />);
    answer = new Error('This function must be called during a user gesture');
    await typeUrl(user, 'https://other.example/p.json');
    await user.click(screen.getByRole('button', { name: 'Import once' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Not fetched: Caselint could not ask the browser for access to https://other.example (This function must be called during a user gesture).',
    );
    expect(events).toEqual(['ask https://other.example/*']);
  });

  it('lists a policy pack URL the background could not read and offers to allow its site', async () => {
    const POLICY_URL = 'https://packs.corp.example/care.yaml';
    await fakeBrowser.storage.local.set({
      [MANAGED_FAILURES_KEY]: [{ url: POLICY_URL, error: `could not fetch ${POLICY_URL}: NetworkError when attempting to fetch resource.`, at: 1 }],
    });
    let granted = false;
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => granted);
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp packs={browserPacksService(fetchFn)} />);
    const block = await screen.findByRole('region', { name: 'Packs from your organisation that are not installed' });
    expect(block).toHaveTextContent(`${POLICY_URL} could not be fetched: could not fetch ${POLICY_URL}: NetworkError`);
    expect(block).toHaveTextContent('Its server does not let other sites read it (no CORS headers).');

    answer = true;
    granted = true;
    await user.click(within(block).getByRole('button', { name: 'Allow access to https://packs.corp.example' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Access to https://packs.corp.example allowed: Caselint fetches your organisation’s pack now.');
    expect(events).toEqual(['ask https://packs.corp.example/*']);
    // The background refetches on the new permission and clears the failure: the block goes away.
    await fakeBrowser.storage.local.set({ [MANAGED_FAILURES_KEY]: [] });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Packs from your organisation that are not installed' })).toBeNull());
  });

  it('refuses a non-https URL before asking for anything', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp packs={browserPacksService(fetchFn)} />);
    await typeUrl(user, 'http://packs.example/team.yaml');
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not fetched: only https:// pack URLs are allowed');
    expect(events).toEqual([]);
  });
});
