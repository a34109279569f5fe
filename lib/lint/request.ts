/**
 * The zod schema of a lint request (what the CLI reads on stdin, what the content script builds) and
 * `normaliseRequest()`, which fills defaults.
 *
 * `normaliseRequest()` keeps object identity where it can: the same input tweet / history object always maps
 * to the same normalised object, so the analyses cached per object (see analysis.ts) survive across keystrokes.
 */
import { z } from 'zod';
import { DETAIL_KINDS } from './types';
import type { LintHistory, LintRequest, LintTweet, RuleContext, ThreadTweet } from './types';

/** A handle, given with or without "@". Kept lenient (X shows handles of up to 15 chars, old ones may differ). */
const handleSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/^@+/, ''))
  .pipe(z.string().min(1, 'a handle must not be empty').regex(/^[A-Za-z0-9_]+$/, 'a handle has only letters, digits or underscores'));

export const lintTweetSchema = z.object({
  author: handleSchema,
  text: z.string(),
  inReplyTo: handleSchema.nullable().optional(),
  mentions: z.array(handleSchema).optional(),
});

export const threadTweetSchema = z.object({
  author: handleSchema,
  text: z.string(),
});

export const lintHistorySchema = z.object({
  details: z.array(z.object({ kind: z.enum(DETAIL_KINDS), value: z.string() })).optional(),
  notes: z.array(z.string()).optional(),
  tweets: z.array(z.object({ text: z.string(), at: z.string().optional() })).optional(),
  replies: z.array(z.object({ text: z.string(), at: z.string().optional() })).optional(),
  promises: z
    .array(z.object({ text: z.string(), due: z.string().nullable().optional(), done: z.boolean().optional() }))
    .optional(),
  openCases: z.number().int().nonnegative().optional(),
});

export const lintRequestSchema = z.object({
  brand: z.array(handleSchema).min(1, 'brand needs at least one of the team handles'),
  tweet: lintTweetSchema,
  thread: z.array(threadTweetSchema).optional(),
  history: lintHistorySchema.optional(),
  draft: z.string(),
});

/** Parse unknown input into a LintRequest; throws an Error naming each field that is wrong. */
export function parseLintRequest(input: unknown): LintRequest {
  const res = lintRequestSchema.safeParse(input);
  if (res.success) return res.data as LintRequest;
  const problems = res.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(request)'}: ${i.message}`);
  throw new Error(`invalid lint request: ${problems.join('; ')}`);
}

export type NormalisedRequest = RuleContext['request'];

const EMPTY_THREAD: ThreadTweet[] = [];
const EMPTY_HISTORY: NormalisedRequest['history'] = Object.freeze({
  details: [],
  notes: [],
  tweets: [],
  replies: [],
  promises: [],
  openCases: 0,
}) as NormalisedRequest['history'];

const tweetCache = new WeakMap<LintTweet, LintTweet>();
const historyCache = new WeakMap<LintHistory, NormalisedRequest['history']>();
const threadCache = new WeakMap<ThreadTweet[], ThreadTweet[]>();
const MENTION_RE = /(?:^|[^A-Za-z0-9_@])@([A-Za-z0-9_]{1,20})/g;

const stripAt = (h: string): string => h.trim().replace(/^@+/, '');

function normaliseTweet(t: LintTweet): LintTweet {
  const hit = tweetCache.get(t);
  if (hit) return hit;
  const mentions = t.mentions
    ? t.mentions.map(stripAt)
    : Array.from((t.text ?? '').matchAll(MENTION_RE), (m) => m[1] as string);
  const out: LintTweet = {
    author: stripAt(t.author ?? ''),
    text: t.text ?? '',
    inReplyTo: t.inReplyTo ? stripAt(t.inReplyTo) : null,
    mentions,
  };
  tweetCache.set(t, out);
  return out;
}

function normaliseThread(th: ThreadTweet[] | undefined): ThreadTweet[] {
  if (!th || th.length === 0) return EMPTY_THREAD;
  const hit = threadCache.get(th);
  if (hit) return hit;
  const out = th.map((t) => ({ author: stripAt(t.author ?? ''), text: t.text ?? '' }));
  threadCache.set(th, out);
  return out;
}

function normaliseHistory(h: LintHistory | undefined): NormalisedRequest['history'] {
  if (!h) return EMPTY_HISTORY;
  const hit = historyCache.get(h);
  if (hit) return hit;
  const out = {
    details: h.details ?? [],
    notes: h.notes ?? [],
    tweets: h.tweets ?? [],
    replies: h.replies ?? [],
    promises: h.promises ?? [],
    openCases: h.openCases ?? 0,
  };
  historyCache.set(h, out);
  return out;
}

const brandCache = new WeakMap<string[], string[]>();
function normaliseBrand(b: string[] | undefined): string[] {
  if (!b) return [];
  const hit = brandCache.get(b);
  if (hit) return hit;
  const out = b.map(stripAt).filter(Boolean);
  brandCache.set(b, out);
  return out;
}

/**
 * Fill defaults: thread [], empty history, mentions derived from the tweet text, "@" stripped from handles.
 * Does not validate (use `parseLintRequest` on untrusted input); it tolerates missing fields.
 */
export function normaliseRequest(req: LintRequest): NormalisedRequest {
  return {
    brand: normaliseBrand(req.brand),
    tweet: normaliseTweet(req.tweet ?? { author: '', text: '' }),
    thread: normaliseThread(req.thread),
    history: normaliseHistory(req.history),
    draft: typeof req.draft === 'string' ? req.draft : '',
  };
}
