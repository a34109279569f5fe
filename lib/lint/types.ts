/**
 * Contracts of the reply linter. Pure TypeScript: no DOM, no browser APIs.
 *
 * A lint request is exactly what the CLI reads on stdin (one JSON object per request) and what the content
 * script builds from the page and the case store. `lib/lint/request.ts` holds its zod schema.
 */

export type Severity = 'error' | 'warning' | 'info';

export const DETAIL_KINDS = [
  'phone',
  'email',
  'account',
  'order',
  'address',
  'location',
  'device',
  'appointment',
  'other',
] as const;
export type DetailKind = (typeof DETAIL_KINDS)[number];

export interface LintTweet {
  /** Author handle without "@". */
  author: string;
  text: string;
  /** Handle this tweet replies to (without "@"), or null for a top-level tweet. */
  inReplyTo?: string | null;
  /** Handles mentioned in the tweet, without "@". Derived from the text when absent. */
  mentions?: string[];
}

export interface ThreadTweet {
  author: string;
  text: string;
}

export interface HistoryDetail {
  kind: DetailKind;
  value: string;
}

export interface HistoryReply {
  text: string;
  /** ISO date-time. */
  at?: string;
}

export interface HistoryPromise {
  text: string;
  /** ISO date-time. */
  due?: string | null;
  done?: boolean;
}

/** A tweet of the customer's attached to one of their cases (its details count as known). */
export interface HistoryTweet {
  text: string;
  /** ISO date-time. */
  at?: string;
}

export interface LintHistory {
  details?: HistoryDetail[];
  notes?: string[];
  /** The customer's tweets attached to their cases (oldest first): what they said earlier, in their own words. */
  tweets?: HistoryTweet[];
  /** Replies an agent of the team already sent this customer (oldest first). */
  replies?: HistoryReply[];
  promises?: HistoryPromise[];
  /** Number of open cases of this customer. */
  openCases?: number;
}

export interface LintRequest {
  /** The team's own handles (brand account and agents), without "@". */
  brand: string[];
  tweet: LintTweet;
  /** Tweets above the one answered, oldest first. */
  thread?: ThreadTweet[];
  history?: LintHistory;
  draft: string;
}

export interface Suggestion {
  /** Replace draft[start, end) with `text`. */
  start: number;
  end: number;
  text: string;
  label?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** UTF-16 offsets into the draft; the whole draft is start 0, end draft.length. */
  start: number;
  end: number;
  suggestions?: Suggestion[];
  /** Name of the pack that supplied or configured the rule; "builtin" for built-ins left as they are. */
  source?: string;
}

/** What a rule reports; the engine fills in `rule`, `severity` and `source`. */
export type RuleReport = Omit<Finding, 'rule' | 'severity' | 'source'> & { severity?: Severity };

export interface RuleExample {
  draft: string;
  /** Context for the example; missing parts default to an empty tweet by "customer" to "@brand". */
  request?: Partial<Omit<LintRequest, 'draft'>>;
  /** For invalid examples: optional text the finding's range must cover. */
  expect?: string;
  note?: string;
}

export interface RuleMeta {
  /** Stable id: packs, settings and the CLI use it. */
  id: string;
  severity: Severity;
  description: string;
  /** Longer markdown docs: what it catches, why it matters, what to write instead. */
  docs: string;
}

export interface Rule<Options = Record<string, unknown>> {
  meta: RuleMeta;
  /** Returns findings for one draft. `ctx` carries the request plus cached analyses (see engine). */
  check(ctx: RuleContext, options: Options): RuleReport[];
  examples: { valid: RuleExample[]; invalid: RuleExample[] };
}

/**
 * What a rule sees. `analysis` fields are computed lazily and cached per tweet/thread/history so that
 * linting on every keystroke only re-analyses the draft.
 */
export interface RuleContext {
  request: Required<Pick<LintRequest, 'brand' | 'draft'>> & {
    tweet: LintTweet;
    thread: ThreadTweet[];
    history: Required<Pick<LintHistory, 'details' | 'notes' | 'tweets' | 'replies' | 'promises'>> & { openCases: number };
  };
  // Analyses are defined by the engine (lib/lint/analysis.ts) and typed there.
  analysis: import('./analysis').Analysis;
}

/** Per-rule configuration from settings or packs. */
export interface RuleSetting {
  enabled?: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}
