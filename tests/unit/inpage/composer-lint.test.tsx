import { waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { getSettings } from '../../../lib/messaging/settings';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import type { XTweet } from '../../../lib/x/types';
import { runFeatures, type ComposerSeen, type FeatureEnv } from '../../../entrypoints/content/env';
import { featureEnv } from './feature-env';
import '../../../entrypoints/content/features/composer-lint';
import { registerLintEngine } from '../../../entrypoints/content/lint/engine';
import { LINT_ENGINE_KEY } from '../../../entrypoints/content/lint/load';
import { messenger } from '../../../lib/messaging/messenger';

const customerTweet: XTweet = {
  id: '1990000000000000001',
  author: { handle: 'dana_w', displayName: 'Dana' },
  text: '@AcmeCares my internet has been down since Monday, fix it',
  time: null,
  replyingTo: [],
  mentions: ['AcmeCares'],
  isFocal: true,
  quoted: null,
  url: 'https://x.com/dana_w/status/1990000000000000001',
};

function setup(settings: Settings) {
  document.body.replaceChildren();
  const composerEl = document.createElement('div');
  const editor = document.createElement('div');
  editor.setAttribute('data-testid', 'tweetTextarea_0');
  editor.contentEditable = 'true';
  const contents = document.createElement('div');
  contents.setAttribute('data-contents', 'true');
  editor.append(contents);
  const button = document.createElement('button');
  button.setAttribute('data-testid', 'tweetButtonInline');
  button.textContent = 'Reply';
  composerEl.append(editor, button);
  document.body.append(composerEl);

  const posted: string[] = [];
  // X's own handler: posts the draft and empties the editor.
  button.addEventListener('click', () => {
    posted.push(draftText());
    contents.replaceChildren();
    editor.dispatchEvent(new Event('input', { bubbles: true }));
  });

  function type(text: string) {
    contents.replaceChildren(
      ...text.split('\n').map((line) => {
        const block = document.createElement('div');
        block.setAttribute('data-block', 'true');
        const span = document.createElement('span');
        span.setAttribute('data-text', 'true');
        span.textContent = line;
        block.append(span);
        return block;
      }),
    );
    editor.dispatchEvent(new Event('input', { bubbles: true }));
  }
  function draftText() {
    return [...contents.children].map((b) => b.textContent).join('\n');
  }

  const store = new CaseStore(new CaselintDB(`composer-${Math.random()}`));
  const ctrl = new AbortController();
  let current = settings;
  const env: FeatureEnv = featureEnv(ctrl.signal, store, {
    settings: () => current,
    theme: () => 'dark',
    pageUrl: () => customerTweet.url,
    focusTweet: vi.fn(),
    openSidePanel: vi.fn(async () => ({ opened: true })),
    signedInHandle: () => 'agent_amy',
  });
  runFeatures(env);
  const composer: ComposerSeen = { editor, button, inDialog: false, replyTo: { tweet: customerTweet, article: null } };
  env.onComposer.emit(composer);
  const panel = () => {
    const host = document.querySelector('caselint-lint-panel');
    if (!host?.shadowRoot) throw new Error('no lint panel host');
    return within(host.shadowRoot as unknown as HTMLElement);
  };
  return {
    env, editor, button, store, type, panel, posted, ctrl,
    setSettings(s: Settings) {
      current = s;
      env.onSettings.emit(s);
    },
  };
}

const PHONE_DRAFT = 'Sorry to hear that. Please call our support team at 1-800-555-0199 so they can help.';

/** How often the content script asked the background for the lint engine. */
let engineAsks = 0;
let removeEngineHandler = () => {};
beforeEach(() => {
  fakeBrowser.reset();
  // What the background does on loadLinter: evaluates the engine's bundle in the content script's world.
  removeEngineHandler = messenger.onMessage('loadLinter', () => {
    engineAsks++;
    registerLintEngine();
  });
});
afterEach(() => removeEngineHandler());

describe('composer linting', () => {
  it("counts team handles from the organisation's policy as ours: repeating the team's earlier reply is flagged", async () => {
    const EARLIER = 'We are looking into your connection now and will update you within the hour.';
    const addThread = (t: ReturnType<typeof setup>) => {
      const earlier = document.createElement('article');
      const focal = document.createElement('article');
      document.body.prepend(earlier, focal);
      const teamTweet: XTweet = { ...customerTweet, id: '1989999999999999999', author: { handle: 'AcmeCares', displayName: 'Acme' }, text: EARLIER, mentions: [], isFocal: false };
      t.env.tweets.set(teamTweet.id, { id: teamTweet.id, tweet: teamTweet, article: earlier });
      t.env.tweets.set(customerTweet.id, { id: customerTweet.id, tweet: customerTweet, article: focal });
    };
    const repeats = (t: ReturnType<typeof setup>) => t.panel().queryByRole('link', { name: 'repeats-earlier-reply' });

    // Without a policy (Firefox throws), @AcmeCares is just another account.
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('Managed storage manifest not found'));
    const plain = setup(DEFAULT_SETTINGS);
    addThread(plain);
    plain.type(EARLIER);
    await new Promise((r) => setTimeout(r, 50)); // the policy read has answered
    plain.type(EARLIER + ' ');
    expect(repeats(plain)).toBeNull();
    plain.ctrl.abort();

    vi.spyOn(fakeBrowser.storage.managed, 'get').mockResolvedValue({ teamHandles: ['AcmeCares'] } as never);
    const managed = setup(DEFAULT_SETTINGS);
    addThread(managed);
    managed.type(EARLIER);
    await waitFor(() => expect(repeats(managed)).not.toBeNull());
    managed.ctrl.abort();
    vi.restoreAllMocks();
  }, 20_000);

  it('loads the linter only once a composer gets focus, once per page, and lints what was typed meanwhile', async () => {
    delete (globalThis as Record<symbol, unknown>)[LINT_ENGINE_KEY];
    engineAsks = 0;
    const t = setup(DEFAULT_SETTINGS);
    await new Promise((r) => setTimeout(r, 50));
    // An empty composer on the page (the home timeline's) costs no linter.
    expect(engineAsks).toBe(0);
    t.editor.focus();
    t.editor.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    t.type(PHONE_DRAFT);
    // Typed before the engine arrived: linted as soon as it is there.
    expect(await t.panel().findByRole('link', { name: 'deflect-to-phone' })).toBeInTheDocument();
    expect(engineAsks).toBe(1);
    t.ctrl.abort();
    // A route change starts the features again: the engine is already in the page, nothing is asked.
    const again = setup(DEFAULT_SETTINGS);
    again.type(PHONE_DRAFT);
    expect(again.panel().getByRole('link', { name: 'deflect-to-phone' })).toBeInTheDocument();
    expect(engineAsks).toBe(1);
    again.ctrl.abort();
  });

  it('lists findings as the agent types, without touching the editor', async () => {
    const t = setup(DEFAULT_SETTINGS);
    t.type(PHONE_DRAFT);
    const region = await t.panel().findByRole('region', { name: 'Caselint reply check' });
    expect(within(region).getByRole('link', { name: 'deflect-to-phone' })).toHaveAttribute('href', expect.stringMatching(/#\/rules\/deflect-to-phone$/));
    // The editor holds exactly what was typed: no wrappers, no marks.
    expect(t.editor.querySelectorAll('[data-text="true"]')).toHaveLength(1);
    expect(t.editor.textContent).toBe(PHONE_DRAFT);
    expect(t.editor.querySelector('caselint-highlights, mark, .cl-hl')).toBeNull();
    expect(document.querySelector('caselint-highlights')).not.toBeNull();
    t.type('');
    expect(t.panel().queryByRole('region')).toBeNull();
    t.ctrl.abort();
  });

  it('"Ignore here" hides the finding for this draft; "Turn this rule off" writes the setting', async () => {
    const t = setup(DEFAULT_SETTINGS);
    t.type(PHONE_DRAFT);
    const user = userEvent.setup();
    const region = await t.panel().findByRole('region');
    const item = within(region).getByRole('link', { name: 'deflect-to-phone' }).closest('li')!;
    await user.click(within(item as HTMLElement).getByRole('button', { name: /^Ignore here/ }));
    expect(t.panel().queryByRole('link', { name: 'deflect-to-phone' })).toBeNull();
    // Still ignored while the agent keeps typing around it.
    t.type(`${PHONE_DRAFT} Thanks!`);
    expect(t.panel().queryByRole('link', { name: 'deflect-to-phone' })).toBeNull();

    t.type('Please call 1-800-555-0123 to fix this.');
    await user.click(await t.panel().findByRole('button', { name: 'Turn this rule off: deflect-to-phone' }));
    await waitFor(async () => expect((await getSettings()).rules['deflect-to-phone']?.enabled).toBe(false));
    // It says so, and can be undone.
    expect(await t.panel().findByRole('status')).toHaveTextContent('deflect-to-phone is off for every reply');
    t.setSettings(await getSettings());
    expect(t.panel().queryByRole('link', { name: 'deflect-to-phone' })).toBeNull();
    await user.click(t.panel().getByRole('button', { name: 'Undo' }));
    await waitFor(async () => expect((await getSettings()).rules['deflect-to-phone']?.enabled).toBe(true));
    t.ctrl.abort();
  });

  it('asks before posting a reply with errors, posts on confirm, and records the reply in the case', async () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, rules: { 'deflect-to-phone': { severity: 'error' } } };
    const t = setup(settings);
    t.type(PHONE_DRAFT);
    const user = userEvent.setup();
    await t.panel().findByRole('region');

    t.button.click();
    expect(t.posted).toEqual([]);
    const confirm = t.panel().getByRole('alertdialog', { name: 'Post this reply anyway?' });
    await user.click(within(confirm).getByRole('button', { name: 'Keep editing' }));
    expect(t.posted).toEqual([]);
    expect(t.panel().queryByRole('alertdialog')).toBeNull();

    t.button.click();
    await user.click(t.panel().getByRole('button', { name: 'Post anyway' }));
    expect(t.posted).toEqual([PHONE_DRAFT]);

    await waitFor(async () => {
      const h = await t.store.history('dana_w');
      expect(h?.interactions).toHaveLength(1);
      expect(h?.interactions[0]).toMatchObject({ kind: 'agent-reply', author: 'agent_amy', text: PHONE_DRAFT, tweetId: customerTweet.id });
    }, { timeout: 3000 });
    t.ctrl.abort();
  });

  it('lets a clean reply through without asking', async () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, rules: { 'deflect-to-phone': { severity: 'error' } } };
    const t = setup(settings);
    t.type('So sorry your internet is down, Dana. I can see an outage in your area; I will update you here by 5pm.');
    t.button.click();
    expect(t.posted).toHaveLength(1);
    expect(t.panel().queryByRole('alertdialog')).toBeNull();
    t.ctrl.abort();
  });

  it('tells the side panel which tweet is answered when the composer gets focus', () => {
    const t = setup(DEFAULT_SETTINGS);
    t.editor.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(t.env.focusTweet).toHaveBeenCalledWith(customerTweet, 'reply');
    t.ctrl.abort();
  });
});
