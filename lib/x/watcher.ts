/**
 * Watches x.com's page for tweets and composers appearing and leaving.
 *
 * One MutationObserver per page. It observes the primary column (falling back to <main>, then <body>, until
 * the column appears), the column's parent (childList only, to notice X replacing the column) and #layers,
 * where X renders the reply dialog. The observer's callback runs at the end of X's own task (its microtask
 * checkpoint), so it only keeps the records and asks for a task of its own (`scheduleTask`): all the work of a
 * batch runs there, after X's task, never lengthening it (on a slow machine X's render of a few cells is already
 * near 50 ms; our batch inside it made long tasks). One batch per X render: every call into the content script's
 * world costs tens of microseconds before any of our code runs. Records our own hosts cause while the batch runs,
 * or later (`settle`), are taken off the observer's queue and dropped, so they never cost a batch of their own.
 * Only the added subtrees (two one-selector queries each: tweets, a send button), the articles that contain a mutation
 * and the elements already tracked are looked at, never the whole document (except one scan of the root at start,
 * after a route change and when the root itself is replaced). An editor X adds without its send button is picked
 * up when it gets focus.
 *
 * X virtualises its timeline and reuses cells, so tracking is keyed by article element AND tweet id: when an
 * article now shows another tweet the old id is reported gone before the new one is reported.
 */
import { findComposers, isComposerEditor, type XComposer } from './composer';
import { findTweetArticles, forgetParsedTweet, isPromoted, parseTweetCached, tweetKey } from './parse';
import { routeKey } from './page';
import { S } from './selectors';
import type { XTweet } from './types';

export interface TweetEvent {
  id: string;
  /** Author handle (from the light parse; equals `tweet.author.handle`). */
  handle: string;
  /** Permalink, https://x.com/handle/status/id */
  url: string;
  /** The outer tweet's User-Name block when it was reported (from the light parse); may be stale later. */
  readonly userName?: HTMLElement;
  /**
   * The full parse (text, mentions, quote, replying-to), computed on first read and memoised per article and id:
   * the watcher itself only reads the id and the author (`tweetKey`).
   */
  readonly tweet: XTweet;
  article: HTMLElement;
}

/** A TweetEvent whose `tweet` is parsed on first read. */
class LazyTweetEvent implements TweetEvent {
  constructor(
    readonly id: string,
    readonly handle: string,
    readonly url: string,
    readonly article: HTMLElement,
    private readonly pageUrl: string,
    readonly userName?: HTMLElement,
  ) {}

  get tweet(): XTweet {
    return (
      parseTweetCached(this.article, this.id, { pageUrl: this.pageUrl }) ?? {
        // The article no longer shows this tweet (reused cell) or lost its author block since: what we know.
        id: this.id,
        author: { handle: this.handle, displayName: '' },
        text: '',
        time: null,
        replyingTo: [],
        mentions: [],
        isFocal: false,
        quoted: null,
        url: this.url,
      }
    );
  }
}

export interface MarkupBrokenDetails {
  url: string;
  /** Timeline cells holding an article. */
  cells: number;
  /** Articles seen on this page, none of which parsed. */
  articles: number;
  /** How many of those articles had each part parseTweet needs: tells which selector broke. */
  found: { time: number; statusLink: number; userName: number };
  message: string;
}

export interface WatchPageOptions {
  signal: AbortSignal;
  document?: Document;
  /** Current page URL (focal tweet, route changes). Default: the document's location. */
  pageUrl?: () => string;
  onTweet?(event: TweetEvent): void;
  onTweetGone?(id: string, article: HTMLElement): void;
  onComposer?(composer: XComposer): void;
  onComposerGone?(editor: HTMLElement): void;
  onMarkupBroken?(details: MarkupBrokenDetails): void;
  /** Called after a route change was noticed (before the new page's tweets are reported). */
  onRouteChange?(key: string): void;
  /** Around every batch that may report tweets or composers (for work done once per batch, e.g. one lookup). */
  onBatchStart?(): void;
  onBatchEnd?(): void;
  /**
   * Batch scheduling. Default: a task of its own (`scheduleTask`) after the MutationObserver callback, which only
   * keeps the records. Tests pass a hand-cranked scheduler (then every batch waits for it).
   */
  schedule?: (cb: () => void) => unknown;
  cancel?: (handle: unknown) => void;
}

export interface PageWatcher {
  /** Process queued mutations now instead of when the scheduled batch runs. */
  flush(): void;
  /** Tell the watcher the URL may have changed (e.g. on WXT's locationchange); processed with the next batch. */
  checkRoute(): void;
  /** Tweets currently tracked, by article. */
  tracked(): ReadonlyMap<HTMLElement, TweetEvent>;
  /**
   * Take the records the observer has queued (e.g. after inserting our own hosts outside a batch): records of
   * Caselint's own nodes are dropped without a callback; anything else is processed now (or scheduled).
   */
  settle(): void;
}

interface ComposerState {
  composer: XComposer;
  key: string;
}

/** True when every node is one of Caselint's own hosts (custom elements named caselint-*), or there are none. */
function onlyOwnNodes(nodes: NodeList): boolean {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.nodeType !== 1 || !(n as Element).localName.startsWith('caselint-')) return false;
  }
  return true;
}

/**
 * The default batch scheduler: a task of its own, right after the task in which X rendered.
 * The MutationObserver callback runs at the end of X's own task, so work done there makes X's task longer: on a
 * slow machine X's render of a few cells is already close to 50 ms, and our batch on top of it made long tasks
 * (docs/performance.md). In a task of its own the batch never lengthens X's; chips need the background's answer
 * anyway, so they show no later than before.
 */
interface TaskHandle {
  live: boolean;
}
function scheduleTask(cb: () => void): TaskHandle {
  const h: TaskHandle = { live: true };
  const run = () => {
    if (h.live) cb();
  };
  // Chromium's `scheduler.postTask` at 'user-blocking' runs before the frame X's render asked for; a timeout waits
  // behind it (the layout and paint of the new cells): the chip's lookup would go out that much later.
  const s = (globalThis as { scheduler?: { postTask?: (cb: () => void, o: { priority: string }) => Promise<unknown> } }).scheduler;
  if (typeof s?.postTask === 'function') s.postTask(run, { priority: 'user-blocking' }).catch(() => undefined);
  else setTimeout(run, 0);
  return h;
}
function cancelTask(h: unknown): void {
  (h as TaskHandle).live = false;
}

/** A composer's send button (`tweetButtonInline`, `tweetButton`). */
function isSendButton(el: Element): boolean {
  return el.localName === 'button' && el.matches(S.tweetButton);
}

export function watchPage(options: WatchPageOptions): PageWatcher {
  const doc = options.document ?? document;
  const pageUrl = options.pageUrl ?? (() => doc.location?.href ?? 'https://x.com/');
  const schedule = options.schedule ?? scheduleTask;
  const cancel = options.cancel ?? cancelTask;
  /**
   * Default scheduling: the observer's callback only keeps the records, and records our own hosts cause during a
   * batch are taken off the observer's queue (see the header).
   */
  const defaultScheduling = options.schedule === undefined;

  const tweets = new Map<HTMLElement, TweetEvent>();
  const composers = new Map<HTMLElement, ComposerState>();
  const dirtyArticles = new Set<HTMLElement>();
  const addedRoots = new Set<Element>();
  let removalsSeen = false;
  /** An editor the watcher does not track got focus: scan for composers with the next batch. */
  let editorFocused = false;
  let fullScan = true;
  let routeCheck = true;
  let pending: unknown = null;
  let routeUrl = pageUrl();
  let route = routeKey(routeUrl);
  let root: Element = pickRoot();
  // Markup health for the current page.
  let brokenReported = false;
  let parsedOk = 0;
  const unparsed = new Set<HTMLElement>();

  const observer = new MutationObserver(onMutations);
  observe();
  requestFrame();
  // An editor X rendered apart from its send button (not seen by `sortAdded`) is picked up when it gets focus.
  doc.addEventListener(
    'focusin',
    (e) => {
      const t = e.target;
      if (!(t instanceof Element) || !isComposerEditor(t) || composers.has(t)) return;
      editorFocused = true;
      requestFrame();
    },
    { capture: true, signal: options.signal },
  );

  options.signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      if (pending !== null) cancel(pending);
      pending = null;
    },
    { once: true },
  );
  if (options.signal.aborted) observer.disconnect();

  function pickRoot(): Element {
    return doc.querySelector(S.primaryColumn) ?? doc.querySelector(S.main) ?? doc.body ?? doc.documentElement;
  }

  function observe(): void {
    observer.disconnect();
    observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
    if (root.parentElement && root.matches(S.primaryColumn)) observer.observe(root.parentElement, { childList: true });
    const layers = doc.getElementById('layers');
    if (layers && !root.contains(layers)) observer.observe(layers, { childList: true, subtree: true });
  }

  function requestFrame(): void {
    if (pending !== null || options.signal.aborted) return;
    pending = schedule(() => {
      pending = null;
      process();
    });
  }

  /** Deliveries not looked at yet (default scheduling): the observer's callback only keeps them and asks for a task. */
  const delivered: MutationRecord[][] = [];

  function onMutations(records: MutationRecord[]): void {
    if (defaultScheduling) {
      // Not even the records are read here: this callback runs inside X's own task (see scheduleTask).
      delivered.push(records);
      requestFrame();
      return;
    }
    if (queue(records)) requestFrame(); // else nothing to look at (our own hosts, text-only changes outside tweets)
  }

  /** Queue what the records touched; true when there is anything to process. */
  function queue(records: MutationRecord[]): boolean {
    let queued = false;
    // Within one delivery the same parent (a timeline's cell list) is the target of many records.
    let lastTarget: Node | null = null;
    let lastArticle: Element | null = null;
    // Indexed loops: a NodeList's iterator costs a call per step into the DOM bindings, this is the hot path.
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const target = r.target as Element;
      if (r.type === 'childList') {
        const added = r.addedNodes;
        const removed = r.removedNodes;
        // Our own hosts (<caselint-chip> etc.) going in or out change nothing X shows: do not re-parse for them.
        if (onlyOwnNodes(added) && onlyOwnNodes(removed)) continue;
        for (let k = 0; k < added.length; k++) {
          const n = added[k]!;
          if (n.nodeType === 1) {
            addedRoots.add(n as Element);
            queued = true;
          }
        }
        if (removed.length) {
          removalsSeen = true;
          queued = true;
        }
      }
      if (target !== lastTarget) {
        lastTarget = target;
        lastArticle = (target.nodeType === 1 ? target : target.parentElement)?.closest?.(S.tweetArticle) ?? null;
      }
      if (lastArticle) {
        dirtyArticles.add(lastArticle as HTMLElement);
        queued = true;
      }
    }
    return queued;
  }

  function process(): void {
    if (options.signal.aborted) return;
    let queued = fullScan || routeCheck || addedRoots.size > 0 || dirtyArticles.size > 0 || removalsSeen || editorFocused;
    for (let i = 0; i < delivered.length; i++) if (queue(delivered[i]!)) queued = true;
    delivered.length = 0;
    if (!queued) return; // only our own hosts moved: no batch
    options.onBatchStart?.();
    try {
      // Our own hosts inserted during the batch (cached answers paint at once) queue records: taken and dropped
      // here, a real change queued meanwhile gets one more pass (bounded).
      for (let pass = 0; pass < 3; pass++) {
        processQueued();
        if (!defaultScheduling || options.signal.aborted) break;
        const more = observer.takeRecords();
        if (!more.length || !queue(more)) break;
      }
    } finally {
      options.onBatchEnd?.();
    }
  }

  function processQueued(): void {
    const url = pageUrl();

    // The route key is recomputed only when the URL string changed (not on every frame that added nodes).
    if ((routeCheck || fullScan || addedRoots.size) && url !== routeUrl) {
      routeUrl = url;
      const key = routeKey(url);
      if (key !== route) {
        route = key;
        for (const [article, t] of tweets) gone(article, t);
        for (const editor of [...composers.keys()]) composerGone(editor);
        brokenReported = false;
        parsedOk = 0;
        unparsed.clear();
        fullScan = true;
        options.onRouteChange?.(key);
      }
    }
    routeCheck = false;

    // The column appeared (we were on a fallback root) or X replaced it: observe the new one.
    let rootChanged = !root.isConnected;
    if (!rootChanged && !root.matches(S.primaryColumn)) {
      for (const n of addedRoots) {
        if (n.isConnected && (n.matches(S.primaryColumn) || n.querySelector(S.primaryColumn))) {
          rootChanged = true;
          break;
        }
      }
    }
    if (rootChanged) {
      root = pickRoot();
      observe();
      fullScan = true;
    }

    const articles = new Set<HTMLElement>();
    let scanComposers = fullScan;
    if (fullScan) {
      for (const a of findTweetArticles(root)) articles.add(a);
      const layers = doc.getElementById('layers');
      if (layers && !root.contains(layers)) for (const a of findTweetArticles(layers)) articles.add(a);
      removalsSeen = true;
    }
    for (const n of addedRoots) {
      if (!n.isConnected) continue;
      const inArticle = n.closest(S.tweetArticle);
      if (inArticle) articles.add(inArticle as HTMLElement);
      if (sortAdded(n, articles)) scanComposers = true;
    }
    if (editorFocused) scanComposers = true;
    editorFocused = false;
    for (const a of dirtyArticles) articles.add(a);
    addedRoots.clear();
    dirtyArticles.clear();
    fullScan = false;

    if (removalsSeen) {
      removalsSeen = false;
      for (const [article, t] of tweets) if (!article.isConnected) gone(article, t);
      for (const editor of [...composers.keys()]) if (!editor.isConnected) composerGone(editor);
      for (const a of unparsed) if (!a.isConnected) unparsed.delete(a);
    }

    for (const article of articles) {
      if (!article.isConnected) continue;
      // Light parse only (id + author); the rest is parsed when a feature reads event.tweet.
      const key = tweetKey(article);
      const old = tweets.get(article);
      if (!key) {
        if (old) gone(article, old);
        if (!isPromoted(article)) unparsed.add(article);
        continue;
      }
      unparsed.delete(article);
      parsedOk++;
      if (old && old.id === key.id) {
        // Same tweet re-rendered (e.g. "Show more"): the next read of event.tweet parses it afresh; report nothing.
        forgetParsedTweet(article);
        continue;
      }
      if (old && old.id !== key.id) gone(article, old);
      forgetParsedTweet(article);
      const event = new LazyTweetEvent(key.id, key.handle, key.url, article, url, key.userName);
      tweets.set(article, event);
      options.onTweet?.(event);
    }

    if (scanComposers) updateComposers(url);
    checkMarkup(url);
  }

  /**
   * An added subtree: its tweets go into `articles`; true when it may hold a composer (it is or holds a send
   * button, or it is an editor). Two queries of one selector each: on fresh timeline cells of ~200 elements in
   * Chromium here, one `querySelectorAll` of the three selectors (tweets, editors, send buttons) cost ~27 µs per
   * cell, walking live tag collections ~15 µs, these two ~7 µs. An editor that X adds on its own, without its
   * send button, is found when it gets focus (see `editorFocused`): lint only matters once the agent types in it.
   */
  function sortAdded(n: Element, articles: Set<HTMLElement>): boolean {
    if (n.matches(S.tweetArticle)) articles.add(n as HTMLElement);
    else {
      const found = n.querySelectorAll<HTMLElement>(S.tweetArticle);
      for (let i = 0; i < found.length; i++) articles.add(found[i]!);
    }
    return isComposerEditor(n) || isSendButton(n) || n.querySelector(S.tweetButton) !== null;
  }

  function gone(article: HTMLElement, t: TweetEvent): void {
    tweets.delete(article);
    options.onTweetGone?.(t.id, article);
  }

  function composerGone(editor: HTMLElement): void {
    composers.delete(editor);
    options.onComposerGone?.(editor);
  }

  function updateComposers(url: string): void {
    const found: XComposer[] = [];
    const scopes: ParentNode[] = [root];
    const layers = doc.getElementById('layers');
    if (layers && !root.contains(layers)) scopes.push(layers);
    for (const scope of scopes) found.push(...findComposers(scope, { pageUrl: url }));
    const seen = new Set<HTMLElement>();
    for (const c of found) {
      seen.add(c.editor);
      const key = `${c.kind}|${c.replyTo?.id ?? ''}|${c.button ? 'b' : ''}`;
      const old = composers.get(c.editor);
      if (old && old.key === key && old.composer.button === c.button) continue;
      composers.set(c.editor, { composer: c, key });
      options.onComposer?.(c);
    }
    for (const editor of [...composers.keys()]) if (!seen.has(editor) || !editor.isConnected) composerGone(editor);
  }

  function checkMarkup(url: string): void {
    if (brokenReported || unparsed.size === 0 || !options.onMarkupBroken) return;
    const inCells = [...unparsed].filter((a) => a.closest(S.cell));
    if (!inCells.length) return;
    // Part of the page failing counts too (X rolling out a new layout to some cells): three or more tweets and at
    // least a quarter of those seen.
    if (parsedOk > 0 && (inCells.length < 3 || inCells.length * 4 < parsedOk + inCells.length)) return;
    brokenReported = true;
    const cells = new Set(inCells.map((a) => a.closest(S.cell))).size;
    const found = { time: 0, statusLink: 0, userName: 0 };
    for (const a of inCells) {
      if (a.querySelector('time')) found.time++;
      if (a.querySelector(S.statusLink)) found.statusLink++;
      if (a.querySelector(S.userName)) found.userName++;
    }
    options.onMarkupBroken({
      url,
      cells,
      articles: inCells.length,
      found,
      message:
        `Caselint could not read ${parsedOk > 0 ? `${inCells.length} of the ${parsedOk + inCells.length}` : `any of the ${inCells.length}`} tweets on this page (${cells} timeline cells): ` +
        `${found.time} have a <time>, ${found.statusLink} a status link, ${found.userName} a User-Name. ` +
        'x.com has probably changed its markup; see lib/x/README.md.',
    });
  }

  return {
    flush() {
      if (pending !== null) cancel(pending);
      pending = null;
      const records = observer.takeRecords();
      if (records.length) queue(records);
      process();
    },
    checkRoute() {
      routeCheck = true;
      requestFrame();
    },
    settle() {
      if (options.signal.aborted) return;
      // Read at once (this runs in our own call, e.g. a lookup's answer): our own hosts' records cost no task.
      const records = observer.takeRecords();
      if (records.length && queue(records)) requestFrame();
    },
    tracked: () => tweets,
  };
}
