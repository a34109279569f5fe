/**
 * What every in-page feature gets: an AbortSignal (aborted on X's route changes and when the extension goes
 * away), the case API, current settings and theme, and the page watcher's events. Features register with
 * `registerFeature(name, run)` (one thin file each) and clean up through the signal.
 */
import type { CaseApi } from '../../lib/cases/api';
import type { OpenSidePanelResult } from '../../lib/messaging/protocol';
import type { Settings } from '../../lib/settings';
import type { XTweet } from '../../lib/x/types';
import type { ThemeName } from '../../components/shared/theme';
import type { PresenceView } from './presence';
import type { SummaryCache } from './summary-cache';

export interface TweetSeen {
  id: string;
  /** Author handle (light parse): all a chip needs. */
  handle?: string;
  /** The outer User-Name block when the watcher reported the tweet (light parse); check it is still in `article`. */
  userName?: HTMLElement;
  /** The full parse; on watcher records it is computed on first read (card, composer lint), so read it lazily. */
  readonly tweet: XTweet;
  article: HTMLElement;
}

/** A composer as the adapter reports it; only the fields the content script uses. */
export interface ComposerSeen {
  editor: HTMLElement;
  button: HTMLElement | null;
  inDialog: boolean;
  /** The tweet it answers (null for a new post). */
  replyTo: { tweet: XTweet; article: HTMLElement | null } | null;
}

type Listener<T extends unknown[]> = (...args: T) => void;

export class Hub<T extends unknown[]> {
  private listeners = new Set<Listener<T>>();
  on(cb: Listener<T>, signal?: AbortSignal): void {
    if (signal?.aborted) return;
    this.listeners.add(cb);
    signal?.addEventListener('abort', () => this.listeners.delete(cb), { once: true });
  }
  emit(...args: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(...args);
      } catch (e) {
        console.error('[caselint] feature failed', e);
      }
    }
  }
}

export interface FeatureEnv {
  signal: AbortSignal;
  api: CaseApi;
  /**
   * The page's summary cache (lives across route changes; answers dropped by the content script on
   * onCasesChanged). Without it a feature keeps its own.
   */
  summaries?: SummaryCache;
  /** Team presence (lives across route changes); absent outside the extension (tests without a team). */
  presence?: PresenceView;
  settings(): Settings;
  onSettings: Hub<[Settings]>;
  theme(): ThemeName;
  onTheme: Hub<[ThemeName]>;
  pageUrl(): string;
  /** Tweets currently tracked by the watcher, by id. */
  tweets: Map<string, TweetSeen>;
  onTweet: Hub<[TweetSeen]>;
  onTweetGone: Hub<[string, HTMLElement]>;
  onComposer: Hub<[ComposerSeen]>;
  onComposerGone: Hub<[HTMLElement]>;
  onMarkupBroken: Hub<[string]>;
  /** After each watcher batch (the tweets and composers it reported are in `tweets` and were emitted). */
  onBatchEnd: Hub<[]>;
  /**
   * Call after inserting hosts outside a watcher batch (e.g. chips painted when a lookup answers): the page
   * watcher drops the mutation records they caused now, instead of in a call of their own later.
   */
  settle(): void;
  focusTweet(tweet: XTweet, mode: 'reply' | 'select'): void;
  /** Resolves with whether the panel opened (Firefox opens its sidebar only from a user action it can see). */
  openSidePanel(): Promise<OpenSidePanelResult>;
  signedInHandle(): string | null;
}

export type Feature = (env: FeatureEnv) => void;

const features: Array<{ name: string; run: Feature }> = [];

export function registerFeature(name: string, run: Feature): void {
  features.push({ name, run });
}

export function runFeatures(env: FeatureEnv): void {
  for (const f of features) {
    try {
      f.run(env);
    } catch (e) {
      console.error(`[caselint] feature ${f.name} failed to start`, e);
    }
  }
}
