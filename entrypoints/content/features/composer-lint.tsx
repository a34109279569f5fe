import { flushSync } from 'react-dom';
import { ConfirmPost, ConfirmTeam } from '../../../components/inpage/ConfirmPost';
import { findingKey, LintPanel } from '../../../components/inpage/LintPanel';
import { LintOverlay, toBoxes } from '../../../components/inpage/LintOverlay';
import { toLintHistory } from '../../../lib/cases/history-to-lint';
import { handleKey, type CustomerHistory } from '../../../lib/cases/types';
import { teamActivitySince, type TeamActivity } from '../../../lib/sync/activity';
import type { Finding, LintHistory, LintRequest, Suggestion } from '../../../lib/lint/types';
import { onCasesChanged } from '../../../lib/messaging/events';
import { messenger } from '../../../lib/messaging/messenger';
import { saveSettings } from '../../../lib/messaging/settings';
import { parseManagedPolicy, type ManagedPolicy } from '../../../lib/packs/policy';
import { effectiveTeamHandles, type Settings } from '../../../lib/settings';
import { draftRange, draftRangeRects, readDraft } from '../../../lib/x/composer';
import { registerFeature, type ComposerSeen, type FeatureEnv } from '../env';
import type { LinterSource } from '../lint/linter-source';
import { lintEngine, registeredLintEngine } from '../lint/load';
import { mountShadow, type ShadowMount } from '../mount';
import { threadFor } from '../thread';
import { browser } from 'wxt/browser';

/**
 * Reply linting in X's composer. On every `input` (no debounce: a lint is well under a millisecond) the draft is
 * read, linted, and the panel and highlights are rendered synchronously (flushSync) in the same frame.
 * The editor's DOM is never touched: highlights live in an overlay host in <body> positioned over it.
 * The linter itself is not in the content script: it is loaded (../lint/load.ts) when a composer first gets focus
 * or already holds a draft, and every composer is linted again once it is there.
 */
registerFeature('composer-lint', (env) => {
  if (!env.settings().lintEnabled) return;
  const linters = new LazyLinter(env, () => {
    for (const c of sessions.values()) c.relint();
  });
  env.onSettings.on((s) => {
    linters.setSettings(s);
    for (const c of sessions.values()) c.relint();
  }, env.signal);

  const histories = new HistoryCache(env);
  const sessions = new Map<HTMLElement, ComposerSession>();
  // Team handles pushed by the organisation's browser policy count as ours (brand), merged with the agent's.
  const policy = new ManagedTeam(env.signal, () => {
    for (const c of sessions.values()) c.relint();
  });
  env.onComposer.on((composer) => {
    const existing = sessions.get(composer.editor);
    if (existing) {
      existing.update(composer);
      return;
    }
    sessions.set(composer.editor, new ComposerSession(env, composer, linters, histories, policy));
  }, env.signal);
  env.onComposerGone.on((editor) => {
    sessions.get(editor)?.dispose();
    sessions.delete(editor);
  }, env.signal);
  histories.onChange = (key) => {
    for (const s of sessions.values()) if (s.customerKey() === key) s.relint();
  };
});

const NO_SLOW_RULES: ReadonlyMap<string, string> = new Map();

/** The composer's linter, null until the lint engine is loaded (asked for once, on the first `want()`). */
class LazyLinter {
  private source: LinterSource | null = null;
  private asked = false;
  constructor(
    private env: FeatureEnv,
    private onReady: () => void,
  ) {}

  /** Load the engine if not yet asked for (a composer got focus or holds a draft). */
  want(): void {
    if (this.asked || this.env.signal.aborted) return;
    this.asked = true;
    // Already in the page (an earlier composer, the card, a route change): no wait, lint this keystroke.
    const ready = registeredLintEngine();
    if (ready?.alive()) {
      this.source = ready.createLinterSource(this.env.settings(), this.env.signal);
      return;
    }
    lintEngine().then(
      (engine) => {
        if (this.env.signal.aborted) return;
        this.source = engine.createLinterSource(this.env.settings(), this.env.signal);
        this.onReady();
      },
      (e: unknown) => {
        // Asked again on the next focus; the composer stays usable without findings meanwhile.
        this.asked = false;
        console.warn('[caselint] could not load the linter', e);
      },
    );
  }

  current(): LinterSource | null {
    return this.source;
  }

  setSettings(s: Settings): void {
    this.source?.setSettings(s);
  }

  slowRules(): ReadonlyMap<string, string> {
    return this.source?.slowRules ?? NO_SLOW_RULES;
  }
}

/**
 * The managed policy (`storage.managed`), read once and again when the 'managed' area changes. Firefox throws
 * when no policy is installed, Chrome answers {}: both mean no managed team handles.
 */
class ManagedTeam {
  current: ManagedPolicy | null = null;
  constructor(
    private signal: AbortSignal,
    private onChange: () => void,
  ) {
    void this.read();
    const listener = (_changes: unknown, area: string) => {
      if (area === 'managed') void this.read();
    };
    try {
      browser.storage.onChanged.addListener(listener);
      signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(listener), { once: true });
    } catch {
      /* no storage events (tests without a browser) */
    }
  }

  private async read(): Promise<void> {
    let next: ManagedPolicy | null;
    try {
      next = parseManagedPolicy(await browser.storage.managed.get(null));
    } catch {
      next = null;
    }
    if (this.signal.aborted) return;
    const changed = JSON.stringify(next?.teamHandles ?? []) !== JSON.stringify(this.current?.teamHandles ?? []);
    this.current = next;
    if (changed) this.onChange();
  }
}

/** History of the answered tweet's author, as lint context; cached per handle and refreshed on change. */
class HistoryCache {
  private cache = new Map<string, LintHistory | undefined>();
  /** The histories as the background answered them (who wrote what: the check before sending reads them). */
  readonly raw = new Map<string, CustomerHistory | null>();
  onChange: (key: string) => void = () => {};
  constructor(private env: FeatureEnv) {
    onCasesChanged((e) => {
      const keys = e.all ? [...this.cache.keys()] : e.handles.map(handleKey);
      for (const k of keys) if (this.cache.has(k)) this.load(k);
    }, env.signal);
  }
  get(handle: string): LintHistory | undefined {
    const key = handleKey(handle);
    if (!this.cache.has(key)) this.load(key);
    return this.cache.get(key);
  }
  private load(key: string) {
    if (!this.cache.has(key)) this.cache.set(key, undefined);
    this.env.api.history(key).then(
      (h) => {
        if (this.env.signal.aborted) return;
        this.cache.set(key, h ? toLintHistory(h) : {});
        this.raw.set(key, h);
        this.onChange(key);
      },
      (e: unknown) => console.warn(`[caselint] could not load the history of @${key} for the linter`, e),
    );
  }
}

const POST_CHECK_MS = 400;
const POST_WAIT_MS = 15_000;

class ComposerSession {
  private ctrl = new AbortController();
  private panel: ShadowMount;
  private overlay: ShadowMount;
  private draft = '';
  private findings: Finding[] = [];
  private ignored = new Set<string>();
  private confirming = false;
  /** What other agents did since this conversation was opened, shown when Post asks first (team). */
  private teamNews: TeamActivity[] = [];
  /** Team activity after this time makes Post ask (reset when the agent posts anyway). */
  private since = Date.now();
  private bypass = false;
  private status = '';
  /** The rule the last "Turn this rule off" turned off (the status line offers Undo). */
  private undoRule: string | null = null;
  private frame = 0;
  /** The overlay currently shows highlights (scroll/resize must move them). */
  private hasHighlights = false;
  private overlayCleared = false;
  /** Removes the scroll/resize listeners; set only while highlights are shown. */
  private unlistenGeometry: (() => void) | null = null;
  private readonly signal: AbortSignal;

  constructor(
    private env: FeatureEnv,
    private composer: ComposerSeen,
    private linters: LazyLinter,
    private histories: HistoryCache,
    private policy: ManagedTeam,
  ) {
    const signal = AbortSignal.any([env.signal, this.ctrl.signal]);
    this.signal = signal;
    this.overlay = mountShadow({
      tag: 'caselint-highlights',
      place: (h) => document.body.append(h),
      theme: env.theme(),
      hostStyle: { position: 'absolute', pointerEvents: 'none', zIndex: '1', left: '0', top: '0', width: '0', height: '0' },
      signal,
    });
    this.panel = mountShadow({
      tag: 'caselint-lint-panel',
      place: (h) => placePanel(composer, h),
      theme: env.theme(),
      hostStyle: { display: 'block', boxSizing: 'border-box', maxWidth: '100%', minWidth: '0', overflowWrap: 'anywhere' },
      signal,
    });
    env.onTheme.on((t) => {
      this.panel.setTheme(t);
      this.overlay.setTheme(t);
    }, signal);
    const editor = composer.editor;
    editor.addEventListener('input', () => this.relint(), { signal });
    editor.addEventListener(
      'focusin',
      () => {
        linters.want();
        const t = this.composer.replyTo?.tweet;
        if (t) {
          env.focusTweet(t, 'reply');
          env.presence?.replyingTo(t.author.handle);
        }
      },
      { signal },
    );
    // Leaving an empty composer is not replying any more; a draft left there still is.
    editor.addEventListener('focusout', () => {
      if (!readDraft(editor).trim()) env.presence?.replyingTo(null);
    }, { signal });
    signal.addEventListener('abort', () => {
      if (this.customerKey()) env.presence?.replyingTo(null);
    }, { once: true });
    // Post button (click) and Ctrl/Cmd+Enter: capture phase, before X's own handlers.
    document.addEventListener('click', (e) => this.onPostAttempt(e), { capture: true, signal });
    editor.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) this.onPostAttempt(e, true);
      },
      { capture: true, signal },
    );
    signal.addEventListener('abort', () => cancelAnimationFrame(this.frame), { once: true });
    // A composer that already has focus (the reply dialog focuses its editor) or a draft needs the linter now.
    if (editor.contains(document.activeElement) || readDraft(editor).trim()) linters.want();
    this.relint();
  }

  /** Geometry is read at most once per frame after a scroll of any scroller, a window resize or the editor's own resize. */
  private reposition = () => {
    if (this.frame || !this.hasHighlights) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderOverlay();
    });
  };

  /**
   * Scroll, resize and ResizeObserver listeners only while highlights are shown: with no findings (the composer at
   * the top of the home timeline, most of the day) scrolling X does not call into the content script at all.
   */
  private listenGeometry(on: boolean) {
    if (!on) {
      this.unlistenGeometry?.();
      this.unlistenGeometry = null;
      return;
    }
    if (this.unlistenGeometry || this.signal.aborted) return;
    const ctrl = new AbortController();
    const signal = AbortSignal.any([this.signal, ctrl.signal]);
    window.addEventListener('scroll', this.reposition, { capture: true, passive: true, signal });
    window.addEventListener('resize', this.reposition, { passive: true, signal });
    let ro: ResizeObserver | null = null;
    if (typeof ResizeObserver === 'function') {
      ro = new ResizeObserver(this.reposition);
      ro.observe(this.composer.editor);
    }
    this.unlistenGeometry = () => {
      ctrl.abort();
      ro?.disconnect();
    };
    this.signal.addEventListener('abort', () => ro?.disconnect(), { once: true });
  }

  customerKey(): string | null {
    const t = this.composer.replyTo?.tweet;
    return t ? handleKey(t.author.handle) : null;
  }

  update(composer: ComposerSeen) {
    this.composer = composer;
    this.relint();
  }

  dispose() {
    this.ctrl.abort();
  }

  request(): LintRequest {
    const settings = this.env.settings();
    const me = this.env.signedInHandle();
    const brand = [...effectiveTeamHandles(settings, this.policy.current), ...(me ? [me] : [])];
    const t = this.composer.replyTo?.tweet;
    return {
      brand,
      tweet: t
        ? { author: t.author.handle, text: t.text, inReplyTo: t.replyingTo[0] ?? null, mentions: t.mentions }
        : { author: me ?? 'me', text: '', inReplyTo: null },
      thread: t ? threadFor(this.env, t) : [],
      history: t ? this.histories.get(t.author.handle) ?? {} : {},
      draft: this.draft,
    };
  }

  relint() {
    if (!this.composer.editor.isConnected) return;
    const draft = readDraft(this.composer.editor);
    if (draft !== this.draft && draft.trim() === '') this.ignored.clear();
    this.draft = draft;
    let findings: Finding[] = [];
    // A draft typed or pasted without a focus event still brings the linter.
    if (draft.trim() && !this.linters.current()) this.linters.want();
    const linter = this.linters.current();
    if (draft.trim() && linter) {
      try {
        findings = linter.current().lint(this.request());
      } catch (e) {
        console.warn('[caselint] lint failed', e);
      }
    }
    this.findings = findings.filter((f) => !this.ignored.has(findingKey(f, draft)));
    if (!this.findings.some((f) => f.severity === 'error') && this.teamNews.length === 0) this.confirming = false;
    flushSync(() => this.renderPanel());
    this.renderOverlay();
  }

  private renderPanel() {
    const errors = this.findings.filter((f) => f.severity === 'error');
    this.panel.render(
      <>
        {this.confirming && this.teamNews.length > 0 && (
          <ConfirmTeam news={this.teamNews} errors={this.env.settings().confirmOnError ? errors : []} now={Date.now()} onCancel={() => this.closeConfirm(true)} onConfirm={() => this.confirmPost()} />
        )}
        {this.confirming && this.teamNews.length === 0 && errors.length > 0 && (
          <ConfirmPost errors={errors} onCancel={() => this.closeConfirm(true)} onConfirm={() => this.confirmPost()} />
        )}
        <LintPanel
          findings={this.findings}
          draft={this.draft}
          docsUrl={(id) => `${browser.runtime.getURL('/options.html')}#/rules/${encodeURIComponent(id)}`}
          onOpenDocs={(rule) => {
            messenger.sendMessage('openRuleDocs', [{ rule }]).catch((e: unknown) => this.setStatus(`Could not open the docs of ${rule}: ${String(e)}`));
          }}
          onIgnore={(f) => {
            this.ignored.add(findingKey(f, this.draft));
            this.relint();
          }}
          onDisableRule={(id) => this.setRuleEnabled(id, false)}
          onSuggestion={(_f, s) => void this.insertSuggestion(s)}
          suggestionVerb="Replace with"
          slowRules={this.linters.slowRules()}
        />
        {this.status && (
          <p className="cl-status" role="status">
            {this.status}
            {this.undoRule && (
              <>
                {' '}
                <button type="button" onClick={() => this.setRuleEnabled(this.undoRule!, true)}>
                  Undo
                </button>
              </>
            )}
          </p>
        )}
      </>,
    );
  }

  private renderOverlay() {
    const editor = this.composer.editor;
    if (!editor.isConnected) return;
    const highlighted = this.findings.filter(
      (f) => f.end > f.start && !(f.start === 0 && f.end === this.draft.length && this.draft.length > 40),
    );
    if (highlighted.length === 0) {
      // Nothing to draw: clear once, read no layout.
      if (this.hasHighlights || !this.overlayCleared) {
        this.hasHighlights = false;
        this.listenGeometry(false);
        this.overlayCleared = true;
        flushSync(() => this.overlay.render(<LintOverlay boxes={[]} />));
      }
      return;
    }
    this.hasHighlights = true;
    this.listenGeometry(true);
    this.overlayCleared = false;
    const rect = editor.getBoundingClientRect();
    const host = this.overlay.host;
    const left = rect.left + window.scrollX;
    const top = rect.top + window.scrollY;
    Object.assign(host.style, { left: `${left}px`, top: `${top}px`, width: `${rect.width}px`, height: `${rect.height}px` });
    const items = highlighted
      .map((f) => ({ rects: safeRects(editor, f.start, f.end), severity: f.severity, rule: f.rule }));
    const boxes = toBoxes(items, { left: rect.left, top: rect.top });
    flushSync(() => this.overlay.render(<LintOverlay boxes={boxes} />));
  }

  /**
   * Inserts a suggestion the way typing would, never by writing X's editor nodes: the covered words are selected
   * (a DOM selection in the editor), the editor gets a frame to take the selection into its own model (Draft.js
   * follows `selectionchange`), then `document.execCommand('insertText')` makes the browser fire the same
   * beforeinput/input events a keystroke does, so the editor updates its model and its undo history (Ctrl+Z
   * takes it back). If the draft changed meanwhile, or afterwards it does not read as expected, nothing more is
   * done and the suggestion is copied instead.
   */
  private async insertSuggestion(s: Suggestion) {
    const editor = this.composer.editor;
    const before = readDraft(editor);
    const expected = before.slice(0, s.start) + s.text + before.slice(s.end);
    const range = before === this.draft ? draftRange(editor, s.start, s.end) : null;
    const sel = document.getSelection();
    if (!range || !sel) return this.copySuggestion(s, 'the draft changed');
    editor.focus();
    sel.removeAllRanges();
    sel.addRange(range);
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    if (this.signal.aborted) return;
    if (readDraft(editor) !== before) return this.copySuggestion(s, 'the draft changed');
    const ok = document.execCommand('insertText', false, s.text);
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    if (this.signal.aborted) return;
    const after = readDraft(editor);
    if (ok && after === expected) {
      this.relint();
      this.setStatus(`Replaced with “${s.text}” (Ctrl+Z undoes it).`);
    } else if (after === before) this.copySuggestion(s, 'the editor did not take it');
    else {
      this.relint();
      this.setStatus(`The editor changed the text differently than expected; check the reply before posting.`);
    }
  }

  /** Fallback: the clipboard; the agent selects the highlighted words and pastes. */
  private copySuggestion(s: Suggestion, why?: string) {
    navigator.clipboard.writeText(s.text).then(
      () => this.setStatus(`${why ? `Could not insert (${why}); c` : 'C'}opied “${s.text}”: select the highlighted words and paste.`),
      () => this.setStatus(`Could not copy; the suggestion is: ${s.text}`),
    );
  }

  private setStatus(text: string, undoRule: string | null = null) {
    this.status = text;
    this.undoRule = undoRule;
    flushSync(() => this.renderPanel());
  }

  /** "Turn this rule off" says so and can be undone (it changes the agent's settings for every draft). */
  private setRuleEnabled(id: string, enabled: boolean) {
    saveSettings(({ rules }) => ({ rules: { ...rules, [id]: { ...rules[id], enabled } } })).then(
      () => this.setStatus(enabled ? `${id} is on again.` : `${id} is off for every reply (Options → Rules turns it back on).`, enabled ? null : id),
      (e: unknown) => this.setStatus(`Could not turn ${enabled ? 'on' : 'off'} ${id}: ${String(e)}`),
    );
  }

  private onPostAttempt(e: Event, fromKeyboard = false) {
    const button = this.composer.button;
    if (!button) return;
    if (!fromKeyboard && !(e.target instanceof Node && button.contains(e.target))) return;
    if (this.bypass) {
      this.watchForPost();
      return;
    }
    const settings = this.env.settings();
    // Re-lint now: the draft may have changed without an input event (paste via menu, autocomplete).
    this.relint();
    const errors = this.findings.filter((f) => f.severity === 'error');
    this.teamNews = settings.confirmOnTeamActivity ? this.teamActivity() : [];
    if (this.teamNews.length > 0 || (settings.confirmOnError && errors.length > 0)) {
      e.preventDefault();
      e.stopImmediatePropagation();
      this.confirming = true;
      flushSync(() => this.renderPanel());
      return;
    }
    this.watchForPost();
  }

  /** Another agent replied, added a note or a promise, or is replying, since this conversation was opened. */
  private teamActivity(): TeamActivity[] {
    const t = this.composer.replyTo?.tweet;
    if (!t) return [];
    const history = this.histories.raw.get(handleKey(t.author.handle));
    const me = history?.me;
    if (!me) return []; // not in a team
    return teamActivitySince(history, this.env.presence?.forKey(t.author.handle) ?? [], this.since, me);
  }

  private closeConfirm(refocus: boolean) {
    this.confirming = false;
    this.teamNews = [];
    flushSync(() => this.renderPanel());
    if (refocus) this.composer.editor.focus();
  }

  private confirmPost() {
    // The agent has seen what changed: only newer activity asks again.
    this.since = Date.now();
    this.closeConfirm(false);
    const button = this.composer.button;
    if (!button) return;
    this.bypass = true;
    try {
      button.click();
    } finally {
      this.bypass = false;
    }
  }

  /** Once the composer empties (X posted), record the reply in the case history. */
  private watchForPost() {
    const t = this.composer.replyTo?.tweet;
    const me = this.env.signedInHandle();
    const text = this.draft;
    if (!t || !me || !text.trim()) return;
    const editor = this.composer.editor;
    const started = Date.now();
    const check = () => {
      // Inline composers empty themselves after posting; the reply dialog closes (editor leaves the page).
      const posted = editor.isConnected ? readDraft(editor).trim() === '' : this.composer.inDialog;
      if (!editor.isConnected && !posted) return;
      if (posted) {
        this.env.api
          .recordReply({ handle: t.author.handle, author: me, text, tweetId: t.id })
          .catch((err: unknown) => console.warn('[caselint] could not record the reply', err));
        return;
      }
      if (Date.now() - started < POST_WAIT_MS) setTimeout(check, POST_CHECK_MS);
    };
    setTimeout(check, POST_CHECK_MS);
  }
}

function safeRects(editor: HTMLElement, start: number, end: number): ArrayLike<DOMRect> {
  try {
    return draftRangeRects(editor, start, end);
  } catch {
    return [];
  }
}

/**
 * The panel goes under the composer: in the closest ancestor holding both the editor and the Post button, or
 * the first ancestor above it that lays its children out in a column (so the panel never lands in a row).
 */
function placePanel(composer: ComposerSeen, host: HTMLElement) {
  const { editor, button } = composer;
  let block: HTMLElement | null = editor;
  if (button) while (block && !block.contains(button)) block = block.parentElement;
  let target: HTMLElement | null = block ?? editor.parentElement;
  while (target && target !== document.body) {
    const cs = getComputedStyle(target);
    if (!cs.display.includes('flex') || cs.flexDirection.startsWith('column')) break;
    target = target.parentElement;
  }
  (target ?? document.body).append(host);
}
