import { CaseCard } from '../../../components/inpage/CaseCard';
import { CardToolsContext, PLAIN_CARD_TOOLS, type CardTools } from '../../../components/inpage/card-tools';
import { lintEngine, registeredLintEngine } from '../lint/load';
import { acceptsUntrusted } from '../test-hooks';
import { buildChipButton, ChipFitter, COMPACT_CHIP_WIDTH } from '../../../components/inpage/chip-dom';
import { handleKey, type CustomerSummary } from '../../../lib/cases/types';
import { onCasesChanged, onCommand } from '../../../lib/messaging/events';
import { selectedTweetArticle, tweetTextElement, userNameElement } from '../../../lib/x/anchors';
import { registerFeature, type TweetSeen } from '../env';
import { createChipHost, mountShadow, STOPPED_EVENTS, type ChipHost } from '../mount';
import { microtaskScheduler, SummaryCache } from '../summary-cache';

interface Chip {
  uid: number;
  seen: TweetSeen;
  /** Author handle as X shows it. */
  handle: string;
  key: string;
  /** The outer User-Name block the chip goes at the end of. */
  anchorEl: HTMLElement;
  /** Built with the first answer (a tweet never shows an empty host); null until then. */
  host: ChipHost | null;
  anchor: HTMLSpanElement | null;
  button: HTMLButtonElement | null;
  /** Last answer shown, kept while a refreshed lookup is pending so the chip and an open card never blink away. */
  summary: CustomerSummary | null | undefined;
  open: { top: number; left: number; above: boolean } | null;
  lastSelection: string;
}

const HOST_TAG = 'caselint-chip';
const HOST_STYLE: Partial<CSSStyleDeclaration> = {
  display: 'inline-flex',
  alignSelf: 'center',
  flex: '0 1000 auto',
  minWidth: `${COMPACT_CHIP_WIDTH}px`,
  overflow: 'hidden',
};
/** The card's max-height in components/inpage/styles.ts (.cl-card), to decide whether it fits below the chip. */
const CARD_MAX_HEIGHT = 480;

/**
 * Hosts left in articles X took off the page (a scrolled-away cell is thrown away with its host: removing the host
 * from a detached tree costs main-thread time for nothing). If X ever puts such an article back, the leftover host
 * is removed before the article gets its chip again. Module-wide, so a later run (route change) finds them too.
 */
const leftHosts = new WeakMap<HTMLElement, HTMLElement>();

/**
 * A case chip beside the name of every tweet author with case history, and a quiet "+ note" on the tweet under the
 * pointer or holding keyboard focus when the author has none; one batched lookup per watcher batch.
 *
 * Work follows the authors with history: a tweet whose author has none gets no host at all until it is hovered or
 * focused (most of a timeline: strangers), so scrolling past it costs its lookup and nothing else.
 *
 * Cheap per tweet: the collapsed chip is plain DOM in a shadow host adopting shared stylesheets (no React root,
 * no per-host listeners), built off the page around its first answer and inserted once (no empty host waiting
 * in X's layout for the lookup, no second mutation of a connected shadow tree). Events are delegated: one capture listener per event type on window stops events
 * coming out of chip hosts (X's shortcuts and click-to-open never see them) and handles the chip's click; one
 * mouseover/mouseout/focusin/focusout set shows "add note" on the hovered or focused tweet. Open cards render in
 * ONE React root, in a layer in <body> (timeline cells clip and transform their content).
 */
registerFeature('case-chips', (env) => {
  if (!env.settings().annotateEnabled) return;
  const signal = env.signal;
  const ownCache = env.summaries === undefined;
  const cache = env.summaries ?? new SummaryCache(env.api, microtaskScheduler);
  if (ownCache) signal.addEventListener('abort', () => cache.dispose(), { once: true });
  const byArticle = new Map<HTMLElement, Chip>();
  const byHost = new Map<Element, Chip>();
  const refresh = new Map<string, number>();
  const openChips = new Set<Chip>();
  let uid = 0;
  // The tweet under the pointer / holding focus ("+ note" shows there).
  let hovered: Chip | null = null;
  let focused: Chip | null = null;
  // Compact chips where the author's row is short of space (the name and handle are never the ones to shrink).
  const fitter = new ChipFitter((host) => byHost.get(host)?.button ?? null);
  signal.addEventListener('abort', () => fitter.disconnect(), { once: true });

  const layer = mountShadow({
    tag: 'caselint-cards',
    place: (h) => document.body.append(h),
    theme: env.theme(),
    hostStyle: { position: 'absolute', top: '0', left: '0', width: '0', height: '0', zIndex: '2147483000' },
    signal,
  });

  // Phone formatting and the details found in the tweet come with the lint engine, asked for when a card first
  // opens (usually there before the card's history); until then the card shows details as stored.
  let tools: CardTools = registeredLintEngine()?.cardTools ?? PLAIN_CARD_TOOLS;
  let toolsAsked = tools !== PLAIN_CARD_TOOLS;
  const wantTools = () => {
    if (toolsAsked) return;
    toolsAsked = true;
    lintEngine().then(
      (engine) => {
        if (signal.aborted) return;
        tools = engine.cardTools;
        if (openChips.size) renderCards();
      },
      (e: unknown) => {
        toolsAsked = false;
        console.warn('[caselint] could not load the card\'s detail tools', e);
      },
    );
  };

  const renderCards = () => {
    layer.render(
      <CardToolsContext.Provider value={tools}>
        {[...openChips].map((c) => (
          <div
            key={c.uid}
            className={`cl-card-pos${c.open?.above ? ' cl-card-pos--above' : ''}`}
            style={{ position: 'absolute', top: c.open?.top ?? 0, left: c.open?.left ?? 0 }}
          >
            <CaseCard
              api={env.api}
              handle={c.summary?.handle ?? c.handle}
              displayName={c.seen.tweet.author.displayName}
              tweet={c.seen.tweet}
              getSelectedText={() => currentSelection(c) || c.lastSelection}
              refreshKey={refresh.get(c.key) ?? 0}
              presence={env.presence?.forKey(c.key)}
              onClose={() => close(c, true)}
              onTabPastEnd={() => c.button?.focus()}
              onOpenSidePanel={() => {
                env.focusTweet(c.seen.tweet, 'select');
                return env.openSidePanel();
              }}
            />
          </div>
        ))}
      </CardToolsContext.Provider>,
    );
  };

  /**
   * Draw the collapsed chip for the latest answer (nothing while the first lookup is pending). An author without
   * history gets the "+ note" host only once the tweet is hovered or focused (or it already has one).
   */
  const paint = (c: Chip) => {
    const fresh = cache.get(c.key);
    if (fresh !== undefined) c.summary = fresh;
    if (c.summary === undefined) return;
    if (c.summary === null && !c.host && c !== hovered && c !== focused) return;
    const form = c.host ? fitter.formOf(c.host.host) : 'full';
    const button = buildChipButton(document, c.summary, c.handle, Date.now(), c.open !== null, env.presence?.forKey(c.key), form);
    if (!c.host || !c.anchor) {
      // First answer: build the host around its content off the page, then insert it once.
      // The host gives up its width before X's name and handle do (flex-shrink), down to the compact chip.
      const host = createChipHost(HOST_TAG, env.theme(), HOST_STYLE);
      const anchor = document.createElement('span');
      anchor.className = 'cl-anchor';
      anchor.append(button);
      host.shadow.append(anchor);
      c.host = host;
      c.anchor = anchor;
      c.button = button;
      byHost.set(host.host, c);
      if (c === hovered || c === focused) host.host.setAttribute('data-hover', '');
      // X may have re-rendered the author block while the lookup was out.
      if (!c.anchorEl.isConnected) c.anchorEl = userNameElement(c.seen.article) ?? c.anchorEl;
      c.anchorEl.append(host.host);
      fitter.observe(host.host);
      return;
    }
    const old = c.button;
    const hadFocus = old !== null && c.host.shadow.activeElement === old;
    c.button = button;
    c.anchor.replaceChildren(button);
    if (hadFocus) button.focus();
  };

  const toggle = (c: Chip) => {
    if (c.open) {
      close(c, false);
      return;
    }
    env.focusTweet(c.seen.tweet, 'select');
    const r = c.button?.getBoundingClientRect();
    // Near the bottom of the window the card opens above the chip, so it never runs off screen (it scrolls inside).
    const above = r ? r.bottom + CARD_MAX_HEIGHT + 12 > window.innerHeight && r.top > window.innerHeight - r.bottom : false;
    c.open = r
      ? { top: (above ? r.top - 6 : r.bottom) + window.scrollY, left: Math.max(8, Math.min(r.left, window.innerWidth - 400)) + window.scrollX, above }
      : { top: 0, left: 0, above: false };
    c.button?.setAttribute('aria-expanded', 'true');
    openChips.add(c);
    env.presence?.viewing(c.key);
    wantTools();
    renderCards();
  };

  /** The card the team sees this agent on: the last one still open, or none. */
  const reportViewing = () => env.presence?.viewing([...openChips].at(-1)?.key ?? null);

  const close = (c: Chip, refocus: boolean) => {
    if (!c.open) return;
    c.open = null;
    openChips.delete(c);
    c.button?.setAttribute('aria-expanded', 'false');
    reportViewing();
    renderCards();
    if (refocus) c.button?.focus();
  };

  const unmount = (article: HTMLElement) => {
    const c = byArticle.get(article);
    if (!c) return;
    byArticle.delete(article);
    if (c.host) {
      byHost.delete(c.host.host);
      fitter.unobserve(c.host.host);
    }
    if (c.open) {
      c.open = null;
      openChips.delete(c);
      reportViewing();
      renderCards();
    }
    if (!c.host) return;
    if (c.host.host.isConnected) c.host.host.remove();
    else leftHosts.set(article, c.host.host);
  };

  env.onTweet.on((seen) => {
    const left = leftHosts.get(seen.article);
    if (left) {
      leftHosts.delete(seen.article);
      left.remove();
    }
    const existing = byArticle.get(seen.article);
    if (existing && existing.seen.id === seen.id) return;
    // A reused cell now shows another tweet: never leave the old chip on it.
    if (existing) unmount(seen.article);
    // The light parse already found the author block; look it up again only if X has moved it since.
    const reported = seen.userName;
    const anchorEl = reported && reported.isConnected && seen.article.contains(reported) ? reported : userNameElement(seen.article);
    if (!anchorEl) return;
    // The light parse's handle: the full parse (text, quote...) waits until the card opens.
    const handle = seen.handle ?? seen.tweet.author.handle;
    const c: Chip = {
      uid: ++uid,
      seen,
      handle,
      key: handleKey(handle),
      anchorEl,
      host: null,
      anchor: null,
      button: null,
      summary: undefined,
      open: null,
      lastSelection: '',
    };
    byArticle.set(seen.article, c);
    // A cached answer paints (and inserts the host) now; otherwise when the batched lookup answers.
    paint(c);
  }, signal);

  env.onTweetGone.on((id, article) => {
    if (byArticle.get(article)?.seen.id === id) unmount(article);
  }, signal);

  env.onTheme.on((theme) => {
    for (const c of byArticle.values()) c.host?.setTheme(theme);
    layer.setTheme(theme);
  }, signal);

  // Another agent opens a card on, or starts replying to, a customer shown here: repaint their chips and cards.
  env.presence?.onChange.on((keys) => {
    for (const c of byArticle.values()) if (keys.has(c.key)) paint(c);
    if ([...openChips].some((c) => keys.has(c.key))) renderCards();
    env.settle();
  }, signal);
  signal.addEventListener('abort', () => env.presence?.viewing(null), { once: true });

  const unsubscribe = cache.subscribe((keys) => {
    const set = new Set(keys);
    for (const c of byArticle.values()) if (set.has(c.key)) paint(c);
    // The hosts just inserted queued mutation records: let the watcher drop them now, not in a callback later.
    env.settle();
  });
  signal.addEventListener('abort', unsubscribe, { once: true });

  onCasesChanged((e) => {
    const keys = e.all ? [...new Set([...byArticle.values()].map((c) => c.key))] : e.handles.map(handleKey);
    for (const k of keys) refresh.set(k, (refresh.get(k) ?? 0) + 1);
    // Ask again for the handles shown (a shared cache has already dropped its answers; its owner did that).
    if (ownCache) cache.invalidate(e.all ? 'all' : keys);
    else {
      const shown = new Set([...byArticle.values()].map((c) => c.key));
      cache.invalidate(keys.filter((k) => shown.has(k)));
    }
    // Open cards reload right away (refreshKey); chips follow when the lookup answers.
    const set = new Set(keys);
    if ([...openChips].some((c) => e.all || set.has(c.key))) renderCards();
  }, signal);

  // The "open card" keyboard shortcut (a browser command, so trusted): the card of the tweet X's j/k selected, or
  // of the tweet holding the focus. An author without history gets the "+ note" card. Focus moves into the card.
  onCommand((name) => {
    if (name !== 'open-card') return;
    const article = selectedTweetArticle(document);
    const c = article ? byArticle.get(article) : undefined;
    if (!c) return;
    if (!c.host) {
      focused = c;
      paint(c);
    }
    if (!c.button) return;
    if (!c.open) toggle(c);
  }, signal);

  // Delegated: events leaving a chip host stop at window (capture, before any of X's handlers); clicks on the
  // chip's button toggle its card. Events are retargeted to the host outside its shadow root.
  const onChipEvent = (e: Event) => {
    const c = byHost.get(e.target as Element);
    if (!c) return;
    e.stopPropagation();
    // Only a click by the agent: the page's host.click() or dispatched events (isTrusted false) never open a card.
    if (e.type === 'click' && (e.isTrusted || acceptsUntrusted()) && c.button && hitsButton(e as MouseEvent, c.button, c.host?.shadow)) toggle(c);
  };
  for (const type of STOPPED_EVENTS) window.addEventListener(type, onChipEvent, { capture: true, signal });

  // "+ note" shows on the hovered or focused tweet (data-hover on its chip host).
  const chipOf = (t: EventTarget | null): Chip | null => {
    for (let el = t instanceof Element ? t : null; el; el = el.parentElement) {
      const c = byArticle.get(el as HTMLElement);
      if (c) return c;
    }
    return null;
  };
  const setHover = (prev: Chip | null, next: Chip | null) => {
    if (prev === next) return;
    if (prev && prev !== hovered && prev !== focused) prev.host?.host.removeAttribute('data-hover');
    if (!next) return;
    // First hover or focus of a tweet whose author has no history: its "+ note" host goes in now.
    if (!next.host) paint(next);
    next.host?.host.setAttribute('data-hover', '');
  };
  document.addEventListener(
    'mouseover',
    (e) => {
      const next = chipOf(e.target);
      const prev = hovered;
      hovered = next;
      setHover(prev, next);
    },
    { passive: true, signal },
  );
  document.addEventListener(
    'mouseout',
    (e) => {
      if ((e as MouseEvent).relatedTarget) return; // mouseover of the next element handles it
      const prev = hovered;
      hovered = null;
      setHover(prev, null);
    },
    { passive: true, signal },
  );
  document.addEventListener(
    'focusin',
    (e) => {
      const next = chipOf(e.target);
      const prev = focused;
      focused = next;
      setHover(prev, next);
    },
    { signal },
  );
  document.addEventListener(
    'focusout',
    (e) => {
      if ((e as FocusEvent).relatedTarget) return; // focusin of the next element handles it
      const prev = focused;
      focused = null;
      setHover(prev, null);
    },
    { signal },
  );

  // Remember the last selection inside each tweet's text: clicking in the card may collapse it.
  document.addEventListener(
    'selectionchange',
    () => {
      for (const c of byArticle.values()) {
        const s = currentSelection(c);
        if (s) c.lastSelection = s;
      }
    },
    { signal },
  );

  signal.addEventListener(
    'abort',
    () => {
      for (const c of byArticle.values()) c.host?.host.remove();
      byArticle.clear();
      byHost.clear();
      openChips.clear();
    },
    { once: true },
  );
});

/**
 * Was this click (seen at window, outside the closed shadow root, whose inside composedPath() hides) on the
 * chip's button? Open roots (tests) show it in the path; otherwise the pointer is over the button, or the
 * button has focus (Enter or Space on it).
 */
function hitsButton(e: MouseEvent, button: HTMLElement, shadow: ShadowRoot | undefined): boolean {
  if (e.composedPath().includes(button)) return true;
  if (shadow?.activeElement === button && e.detail === 0) return true;
  const r = button.getBoundingClientRect();
  return e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom && e.detail > 0;
}

function currentSelection(c: Chip): string {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return '';
  const textEl = tweetTextElement(c.seen.article);
  if (!textEl) return '';
  const range = sel.getRangeAt(0);
  if (!textEl.contains(range.startContainer) || !textEl.contains(range.endContainer)) return '';
  return sel.toString().trim();
}
