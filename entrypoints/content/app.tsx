/**
 * Caselint's content script on x.com. Thin: it starts the page watcher and the in-page features (one file per
 * feature under ./features, each registered with one `registerFeature` call) and restarts them all on X's
 * client-side route changes, after aborting everything the previous run mounted.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isThemeName, type ThemeName } from '../../components/shared/theme';
import type { CaseApi } from '../../lib/cases/api';
import { createCaseClient, focusTweet, openSidePanel } from '../../lib/messaging/client';
import { onCasesChanged } from '../../lib/messaging/events';
import type { OpenSidePanelResult } from '../../lib/messaging/protocol';
import { createSummaryPortClient } from '../../lib/messaging/port';
import { getSettings, watchSettings } from '../../lib/messaging/settings';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';
import { detectTheme, signedInHandle } from '../../lib/x/page';
import { watchPage, type PageWatcher } from '../../lib/x/watcher';
import { Hub, runFeatures, type ComposerSeen, type FeatureEnv, type TweetSeen } from './env';
import { PresenceView } from './presence';
import { microtaskScheduler, SummaryCache, syncKnownHandles } from './summary-cache';
import { loadTestHooks, testHooks } from './test-hooks';
import './features/tweet-count';
import './features/markup-notice';
import './features/case-chips';
import './features/composer-lint';

export async function main(ctx: ContentScriptContext): Promise<void> {
    const hooks = loadTestHooks();
    const messages = createCaseClient();
    // Summaries over one long-lived port instead of a message each: one lookup per watcher batch with new handles,
    // sent at the end of the batch inside the batch's own call (see SummaryCache.hold/release); a lookup asked
    // for outside a batch (cases changed) goes in a microtask.
    const port = createSummaryPortClient((handles) => messages.summaries(handles));
    ctx.signal.addEventListener('abort', () => port.close(), { once: true });
    const api: CaseApi = { ...messages, summaries: (handles) => port.summaries(handles) };
    // Answers are kept for the page's life (route changes included) and dropped when cases change.
    const summaries = new SummaryCache(api, microtaskScheduler);
    // Strangers cost no lookup: a filter of every handle the store knows answers "no history" for the rest.
    const known = syncKnownHandles({ cache: summaries, fetch: () => port.knownHandles(), signal: ctx.signal });
    // Registered before any feature's listener, so the filter has the changed handles before they are looked up again.
    onCasesChanged((e) => {
      known.changed(e);
      summaries.forget(e.all ? 'all' : e.handles);
    }, ctx.signal);
    // Who else of the team is on which customer, and what this tab reports (card open, replying).
    const presence = new PresenceView(ctx.signal);
    let settings: Settings = DEFAULT_SETTINGS;
    try {
      settings = await getSettings();
    } catch (e) {
      console.warn('[caselint] could not read settings; using defaults', e);
    }
    await hooks;
    // Only the e2e tests wait for this marker; in normal use X's document carries none.
    if (testHooks()) document.documentElement.dataset.caselint = 'ready';
    const onSettings = new Hub<[Settings]>();
    let run: AbortController | null = null;

    const start = () => {
      run?.abort();
      run = new AbortController();
      startRun(ctx, run.signal, api, summaries, presence, () => settings, onSettings);
    };

    watchSettings((next) => {
      const restart = next.annotateEnabled !== settings.annotateEnabled || next.lintEnabled !== settings.lintEnabled;
      settings = next;
      if (restart) start();
      else onSettings.emit(next);
    }, ctx.signal);

    ctx.addEventListener(window, 'wxt:locationchange', () => start());
    ctx.signal.addEventListener('abort', () => run?.abort(), { once: true });
    start();
}

function startRun(
  ctx: ContentScriptContext,
  runSignal: AbortSignal,
  api: CaseApi,
  summaries: SummaryCache,
  presence: PresenceView,
  settings: () => Settings,
  onSettings: Hub<[Settings]>,
) {
  const signal = AbortSignal.any([ctx.signal, runSignal]);
  let theme: ThemeName = readTheme();
  const onTheme = new Hub<[ThemeName]>();
  const tweets = new Map<string, TweetSeen>();
  /** The tweet id each article shows (reused cells), so a new tweet does not search `tweets`. */
  const idByArticle = new WeakMap<HTMLElement, string>();
  let watcher: PageWatcher | null = null;
  const env: FeatureEnv = {
    signal,
    api,
    summaries,
    presence,
    settings,
    onSettings,
    theme: () => theme,
    onTheme,
    pageUrl: () => location.href,
    tweets,
    onTweet: new Hub(),
    onTweetGone: new Hub(),
    onComposer: new Hub(),
    onComposerGone: new Hub(),
    onMarkupBroken: new Hub(),
    onBatchEnd: new Hub(),
    settle: () => watcher?.settle(),
    focusTweet: (t, mode) => {
      focusTweet({ tweetId: t.id, handle: t.author.handle, displayName: t.author.displayName, text: t.text.slice(0, 20_000), url: t.url, mode }).catch(
        (e: unknown) => console.warn('[caselint] focusTweet failed', e),
      );
    },
    openSidePanel: () =>
      openSidePanel().catch((e: unknown): OpenSidePanelResult => ({ opened: false, error: e instanceof Error ? e.message : String(e) })),
    signedInHandle: () => signedInHandle(document),
  };
  runFeatures(env);

  // X switches light/dim/dark by restyling <body>; follow it.
  const themeObserver = new MutationObserver(() => {
    const next = readTheme();
    if (next !== theme) {
      theme = next;
      onTheme.emit(next);
    }
  });
  themeObserver.observe(document.body, { attributes: true, attributeFilter: ['style', 'class'] });
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  signal.addEventListener('abort', () => themeObserver.disconnect(), { once: true });

  const composers = new Map<HTMLElement, ComposerSeen>();
  watcher = watchPage({
    signal,
    // document.URL is the same string as location.href, read without the Location object's per-access checks.
    pageUrl: () => document.URL,
    // The handles a batch asks for go out in one lookup, sent at the end of the batch (or when the window allows).
    onBatchStart: () => summaries.hold(),
    onBatchEnd: () => {
      summaries.release();
      env.onBatchEnd.emit();
    },
    onTweet: (seen) => {
      // The watcher's record as is: its `tweet` is parsed only when a feature reads it.
      const { id, article } = seen;
      // A reused cell: drop the tweet it showed before.
      const shown = idByArticle.get(article);
      if (shown !== undefined && shown !== id && tweets.get(shown)?.article === article) tweets.delete(shown);
      idByArticle.set(article, id);
      tweets.set(id, seen);
      env.onTweet.emit(seen);
    },
    onTweetGone: (id, article) => {
      if (tweets.get(id)?.article === article) tweets.delete(id);
      env.onTweetGone.emit(id, article);
    },
    onComposer: (c) => {
      const seen: ComposerSeen = {
        editor: c.editor,
        button: c.button,
        inDialog: c.kind === 'dialog',
        replyTo: c.replyTo ? { tweet: c.replyTo, article: c.replyToArticle } : null,
      };
      composers.set(c.editor, seen);
      env.onComposer.emit(seen);
    },
    onComposerGone: (editor) => {
      composers.delete(editor);
      env.onComposerGone.emit(editor);
    },
    onMarkupBroken: (details) => env.onMarkupBroken.emit(details.message),
  });
}

function readTheme(): ThemeName {
  try {
    const t = detectTheme(document);
    return isThemeName(t) ? t : 'light';
  } catch {
    return 'light';
  }
}
