/**
 * What a content script on x.com may ask the background, and how much (least privilege). A compromised content
 * script, or X's page steering an honest one, gets only what the in-page features use: lookups for handles on
 * the page (summaries, one customer's history), one note, detail, promise, case or attached tweet at a time, a
 * promise done or rescheduled and a case assigned from the card, the sent reply, the side panel and its focus, team
 * presence, a rule's docs and the lint engine injected into its own frame. Everything else (search, edits, deletes, merges, due promises,
 * backups, CSV, clear) is for the extension's own pages only. Each tab has a budget per minute per kind, so it
 * cannot enumerate customers by guessing handles at speed or flood the store. Pure: no browser APIs.
 */
import type { CustomerSummary } from '../cases/types';
import { MessageRejectedError } from './protocol';

/**
 * Known details a content script gets per customer in a batch lookup: what the chip shows (its label names
 * the newest two; components/inpage/CaseChip.tsx chipLabel). The rest of a customer's details reach an x.com
 * tab only through `history`, which the card asks for when the agent opens it (300 customers a minute).
 */
export const CONTENT_SUMMARY_DETAILS = 2;

/** A batch lookup's answer as a content script may see it: the chip's summary, nothing more. */
export function summariesForContent(all: Record<string, CustomerSummary>): Record<string, CustomerSummary> {
  const out: Record<string, CustomerSummary> = Object.create(null);
  for (const key of Object.keys(all)) {
    const s = all[key]!;
    out[key] = s.topDetails.length > CONTENT_SUMMARY_DETAILS ? { ...s, topDetails: s.topDetails.slice(0, CONTENT_SUMMARY_DETAILS) } : s;
  }
  return out;
}

export const CONTENT_METHODS: ReadonlySet<string> = new Set([
  'summaries',
  'history',
  'createCase',
  'addNote',
  'addDetail',
  'addPromise',
  'attachTweet',
  'recordReply',
  'focusTweet',
  'openSidePanel',
  // The card's pinned promises (Done, Reschedule) and its owner bar (team).
  'setPromiseDone',
  'updatePromise',
  'assignCase',
  // Team presence (handles and customer keys only) and the lint panel's docs link.
  'reportPresence',
  'getPresence',
  'openRuleDocs',
  // The composer's linter: a pack rule the time budget turned off (listed on the Rules page).
  'reportSlowRule',
  // The lint engine, injected into the sender's own frame on the first composer focus.
  'loadLinter',
]);

type Kind = 'lookup' | 'history' | 'write' | 'ui' | 'inject';
const KIND: Record<string, Kind> = {
  summaries: 'lookup',
  history: 'history',
  createCase: 'write',
  addNote: 'write',
  addDetail: 'write',
  addPromise: 'write',
  attachTweet: 'write',
  recordReply: 'write',
  focusTweet: 'ui',
  openSidePanel: 'ui',
  setPromiseDone: 'write',
  updatePromise: 'write',
  assignCase: 'write',
  reportPresence: 'ui',
  getPresence: 'ui',
  openRuleDocs: 'ui',
  reportSlowRule: 'ui',
  loadLinter: 'inject',
};

/** Per tab and minute. Lookups count handles (a 5,000-tweet session asks for far fewer distinct handles). */
/**
 * `inject`: a tab asks for the lint engine once per page load (again only after the extension was reloaded); each
 * ask makes the browser parse ~700 KB, so a script asking in a loop gets a few a minute.
 */
export const CONTENT_LIMITS: Readonly<Record<Kind, number>> = { lookup: 20_000, history: 300, write: 60, ui: 600, inject: 10 };

const WINDOW_MS = 60_000;

export class ContentRateLimiter {
  private readonly used = new Map<string, { since: number; n: number }>();
  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Throws MessageRejectedError when the tab is over its budget for this kind of request. */
  take(tabId: number, method: string, cost = 1): void {
    const kind = KIND[method];
    if (!kind) return;
    const key = `${tabId}\u0000${kind}`;
    const t = this.now();
    let u = this.used.get(key);
    if (!u || t - u.since >= WINDOW_MS) {
      u = { since: t, n: 0 };
      this.used.set(key, u);
      if (this.used.size > 4096) this.prune(t);
    }
    if (u.n + cost > CONTENT_LIMITS[kind]) {
      throw new MessageRejectedError(
        `Caselint: rejected "${method}": this tab sent too many ${kind === 'lookup' ? 'handle lookups' : `${kind} requests`} (at most ${CONTENT_LIMITS[kind]} a minute); try again shortly`,
      );
    }
    u.n += cost;
  }

  private prune(t: number) {
    for (const [k, v] of this.used) if (t - v.since >= WINDOW_MS) this.used.delete(k);
  }
}

/** One limiter for the background's life (all ports and messages). */
export const contentLimiter = new ContentRateLimiter();
