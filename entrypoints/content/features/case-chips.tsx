import { TweetAnnotation } from '../../../components/inpage/TweetAnnotation';
import { handleKey } from '../../../lib/cases/types';
import { onCasesChanged } from '../../../lib/messaging/events';
import { registerFeature, type TweetSeen } from '../env';
import { mountShadow, type ShadowMount } from '../mount';
import { SummaryCache } from '../summary-cache';
import { tweetTextElement, userNameElement } from '../../../lib/x/anchors';

interface ChipMount {
  seen: TweetSeen;
  key: string;
  mount: ShadowMount;
  ctrl: AbortController;
  lastSelection: string;
  /** Last answer shown, kept while a refreshed lookup is pending so the chip and an open card never blink away. */
  summary: import('../../../lib/cases/types').CustomerSummary | null | undefined;
}

/** A case chip (or a quiet "add note") beside every tweet author's name; one batched lookup per frame. */
registerFeature('case-chips', (env) => {
  if (!env.settings().annotateEnabled) return;
  const cache = new SummaryCache(env.api);
  env.signal.addEventListener('abort', () => cache.dispose(), { once: true });
  const byArticle = new Map<HTMLElement, ChipMount>();
  const refresh = new Map<string, number>();
  // One layer in <body> for open cards: timeline cells clip and transform their content.
  const layer = mountShadow({
    tag: 'caselint-cards',
    place: (h) => document.body.append(h),
    theme: env.theme(),
    hostStyle: { position: 'absolute', top: '0', left: '0', width: '0', height: '0', zIndex: '2147483000' },
    signal: env.signal,
  });
  const cardLayer = document.createElement('div');
  layer.shadow.append(cardLayer);

  const render = (m: ChipMount) => {
    const fresh = cache.get(m.key);
    if (fresh !== undefined) m.summary = fresh;
    const summary = m.summary;
    m.mount.render(
      <TweetAnnotation
        api={env.api}
        tweet={m.seen.tweet}
        summary={summary}
        refreshKey={refresh.get(m.key) ?? 0}
        cardLayer={cardLayer}
        getSelectedText={() => currentSelection(m) || m.lastSelection}
        onOpen={(t) => env.focusTweet(t, 'select')}
        onOpenSidePanel={(t) => {
          env.focusTweet(t, 'select');
          env.openSidePanel();
        }}
      />,
    );
  };

  const unmount = (article: HTMLElement) => {
    const m = byArticle.get(article);
    if (!m) return;
    byArticle.delete(article);
    m.ctrl.abort();
    m.mount.remove();
  };

  env.onTweet.on((seen) => {
    const existing = byArticle.get(seen.article);
    if (existing && existing.seen.id === seen.id) return;
    // A reused cell now shows another tweet: never leave the old chip on it.
    if (existing) unmount(seen.article);
    const anchor = userNameElement(seen.article);
    if (!anchor) return;
    const ctrl = new AbortController();
    const signal = AbortSignal.any([env.signal, ctrl.signal]);
    const mount = mountShadow({
      tag: 'caselint-chip',
      place: (host) => anchor.append(host),
      theme: env.theme(),
      hostStyle: { display: 'inline-flex', alignSelf: 'center' },
      signal,
    });
    const m: ChipMount = { seen, key: handleKey(seen.tweet.author.handle), mount, ctrl, lastSelection: '', summary: undefined };
    const hover = (on: boolean) => () => mount.host.toggleAttribute('data-hover', on);
    seen.article.addEventListener('mouseenter', hover(true), { signal });
    seen.article.addEventListener('mouseleave', hover(false), { signal });
    seen.article.addEventListener('focusin', hover(true), { signal });
    seen.article.addEventListener('focusout', hover(false), { signal });
    byArticle.set(seen.article, m);
    render(m);
  }, env.signal);

  env.onTweetGone.on((id, article) => {
    if (byArticle.get(article)?.seen.id === id) unmount(article);
  }, env.signal);

  env.onTheme.on((theme) => {
    for (const m of byArticle.values()) m.mount.setTheme(theme);
    layer.setTheme(theme);
  }, env.signal);

  cache.subscribe((keys) => {
    const set = new Set(keys);
    for (const m of byArticle.values()) if (set.has(m.key)) render(m);
  });

  onCasesChanged((e) => {
    const keys = e.all ? [...new Set([...byArticle.values()].map((m) => m.key))] : e.handles.map(handleKey);
    for (const k of keys) refresh.set(k, (refresh.get(k) ?? 0) + 1);
    cache.invalidate(e.all ? 'all' : keys);
    // Re-render open cards right away (they reload on refreshKey); chips follow when the lookup answers.
    const set = new Set(keys);
    for (const m of byArticle.values()) if (set.has(m.key)) render(m);
  }, env.signal);

  // Remember the last selection inside each tweet's text: clicking in the card may collapse it.
  document.addEventListener(
    'selectionchange',
    () => {
      for (const m of byArticle.values()) {
        const s = currentSelection(m);
        if (s) m.lastSelection = s;
      }
    },
    { signal: env.signal },
  );
});

function currentSelection(m: ChipMount): string {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return '';
  const textEl = tweetTextElement(m.seen.article);
  if (!textEl) return '';
  const range = sel.getRangeAt(0);
  if (!textEl.contains(range.startContainer) || !textEl.contains(range.endContainer)) return '';
  return sel.toString().trim();
}
