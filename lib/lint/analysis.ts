/**
 * Lazily computed, cached analyses of a lint request.
 *
 * Two levels:
 * - `ContextAnalysis`: everything about the tweet, thread and history (known details, who it is addressed to,
 *   the customer's words, earlier agent replies). Computed once per (tweet, thread, history) object identity
 *   (WeakMap), with a small content-keyed LRU as fallback, so that linting on every keystroke does not
 *   re-analyse them.
 * - `Analysis`: the draft (tokens, twitter-text weighted length, phone numbers, emails, account/order numbers).
 *   A new one per lint call; each field is computed on first use only.
 *
 * Pure: no DOM, no browser APIs.
 */
import twitter from 'twitter-text';
import type { ParsedTweet, EntityWithIndices } from 'twitter-text';
import { findPhoneNumbersInText } from 'libphonenumber-js';
import type { DetailKind, LintTweet, ThreadTweet } from './types';
import type { NormalisedRequest } from './request';
import { analyseIntent, type DraftIntent } from './intent';

export interface Token {
  /** Lower-cased word. */
  lower: string;
  /** Crude stem of `lower` (plural/-ed/-ing stripped), for matching word forms. */
  stem: string;
  start: number;
  end: number;
}

export interface Span {
  start: number;
  end: number;
  /** The text as written. */
  text: string;
  /** Normalised value (digits of a phone number, lower-cased email, ...). */
  value: string;
}

export interface NumberSpan extends Span {
  kind: 'account' | 'order' | 'other';
  /** What the text calls it: "account number", "order number", "confirmation code", ... */
  label: string;
}

export type DetailSource = 'tweet' | 'thread' | 'attached' | 'history';

export interface KnownDetail {
  kind: DetailKind;
  /** As given by the customer / stored in the case history. */
  value: string;
  /** Normalised value for comparisons. */
  normalized: string;
  where: DetailSource;
  /** When it was given (ISO date-time), for details from an attached tweet that has its time. */
  at?: string;
  /** Human label: "phone number", "email address", "order number", ... */
  label: string;
}

export const DETAIL_LABELS: Record<DetailKind, string> = {
  phone: 'phone number',
  email: 'email address',
  account: 'account number',
  order: 'order number',
  address: 'address',
  location: 'location',
  device: 'device',
  appointment: 'appointment',
  other: 'detail',
};

/** Where a known detail was given, as the finding says it: "in the tweet you are answering", "… (2026-11-24)". */
export function whereLabel(d: Pick<KnownDetail, 'where' | 'at'>): string {
  return d.at ? `${WHERE_LABELS[d.where]} (${d.at.slice(0, 10)})` : WHERE_LABELS[d.where];
}

export const WHERE_LABELS: Record<DetailSource, string> = {
  tweet: 'in the tweet you are answering',
  thread: 'earlier in this thread',
  attached: 'in one of their tweets attached to the case',
  history: 'in the case history',
};

// ---------------------------------------------------------------------------------------------------------
// Text helpers (precompiled regexes)

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** US toll-free and plain NANP formats libphonenumber may miss: 877-462-8188, 1-888-555-0101, (800) 555 0101. */
const US_PHONE_RE = /(?<![\d-])(?:\+?1[-. ]?)?\(?([2-9]\d{2})\)?[-. ]?(\d{3})[-. ](\d{4})(?![\d-])/g;
/** Vanity toll-free numbers: 1-800-FLOWERS, 800-GO-FEDEX. */
const VANITY_RE = /(?<![\w-])(?:1[-. ])?8(?:00|33|44|55|66|77|88)[-. ][A-Z0-9][A-Z0-9-]{3,9}[A-Z0-9](?![\w-])/g;
/** International formats with separators: +44 345 600 6000, 0345 600 6000, 0800 123 456. */
const INTL_PHONE_RE = /(?<![\w+])(?:\+\d{1,3}[ .-]?|0)\d{2,4}(?:[ .-]\d{2,4}){2,3}(?![\w-])/g;
/** UK-style national numbers in two groups: 07700 900123, 0161 4960000, +44 7700 900123. */
const NATIONAL_PHONE_RE = /(?<![\w+])(?:\+44\s?|0)(?:7\d{3}\s?\d{6}|[1-9]\d{2,3}\s\d{6,7})(?![\w-])/g;
const LABELLED_NUMBER_RE =
  /\b(account|acct|member(?:ship)?|policy|card|customer|order|booking|confirmation|reservation|tracking|reference|ref|case|ticket|claim|flight|invoice|receipt|pnr)\s*(?:(?:number|no\.?|num|#|id|code|ref(?:erence)?)\s*)?(?:is\s*|:\s*|of\s*)?#?\s*([A-Z]{0,4}[-]?\d[A-Z0-9-]{3,}|[A-Z0-9]{5,8}(?=\b)(?<=\d[A-Z0-9]*|[A-Z]{5,8}))/gi;
const HASH_NUMBER_RE = /#\s?([A-Z]{0,3}\d{4,}[A-Z0-9-]*)\b/g;
const LONG_NUMBER_RE = /(?<![\w.$£€-])\d{6,}(?![\w.])/g;

const ORDER_WORDS = new Set(['order', 'booking', 'confirmation', 'reservation', 'tracking', 'reference', 'ref', 'case', 'ticket', 'claim', 'invoice', 'receipt', 'pnr', 'flight']);

/** Stems of words seen (the same words recur in every draft and tweet); bounded, cleared when full. */
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 20_000;

export function stem(w: string): string {
  const hit = stemCache.get(w);
  if (hit !== undefined) return hit;
  const s = stemOf(w);
  if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
  stemCache.set(w, s);
  return s;
}

function stemOf(w: string): string {
  let s = w.replace(/['’]s$/, '');
  if (s.length > 5 && s.endsWith('ies')) s = s.slice(0, -3) + 'y';
  else if (s.length > 5 && s.endsWith('ing')) s = s.slice(0, -3);
  else if (s.length > 4 && s.endsWith('ed')) s = s.slice(0, -2);
  else if (s.length > 4 && s.endsWith('es') && /(?:ss|x|ch|sh)es$/.test(s)) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith('s') && !s.endsWith('ss')) s = s.slice(0, -1);
  return s;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text))) {
    const word = m[0];
    const lower = word.includes('’') ? word.toLowerCase().replace(/’/g, "'") : word.toLowerCase();
    out.push({ lower, stem: stem(lower), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const digitsOf = (s: string): string => s.replace(/\D/g, '');
const URL_RE = /\b(?:https?:\/\/|www\.)\S+/gi;

/** The text with URLs blanked out (same length, so offsets stay valid). */
export function maskUrls(text: string): string {
  if (!/https?:|www\./i.test(text)) return text;
  return text.replace(URL_RE, (u) => ' '.repeat(u.length));
}

/** Phone numbers in text: libphonenumber-js (US default) plus fallbacks for toll-free/vanity/international. */
export function findPhones(original: string): Span[] {
  const text = maskUrls(original);
  // Cheap gate: a phone number needs at least 7 digits (vanity numbers 3).
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits < 3) return [];
  const out: Span[] = [];
  const add = (start: number, end: number) => {
    for (const s of out) if (start < s.end && end > s.start) return;
    const t = text.slice(start, end);
    out.push({ start, end, text: t, value: /[A-Za-z]/.test(t) ? t.toUpperCase() : digitsOf(t) });
  };
  if (digits >= 7) {
    try {
      for (const f of findPhoneNumbersInText(text, 'US')) add(f.startsAt, f.endsAt);
    } catch {
      /* libphonenumber never should throw; fall back to the regexes */
    }
    US_PHONE_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = US_PHONE_RE.exec(text))) add(m.index, m.index + m[0].length);
    INTL_PHONE_RE.lastIndex = 0;
    while ((m = INTL_PHONE_RE.exec(text))) {
      const d = digitsOf(m[0]).length;
      if (d >= 9 && d <= 14) add(m.index, m.index + m[0].length);
    }
    NATIONAL_PHONE_RE.lastIndex = 0;
    while ((m = NATIONAL_PHONE_RE.exec(text))) add(m.index, m.index + m[0].length);
  }
  VANITY_RE.lastIndex = 0;
  let v: RegExpExecArray | null;
  while ((v = VANITY_RE.exec(text))) if (/[A-Z]{2}/.test(v[0])) add(v.index, v.index + v[0].length);
  out.sort((a, b) => a.start - b.start);
  return out;
}

export function findEmails(text: string): Span[] {
  if (!text.includes('@')) return [];
  const out: Span[] = [];
  EMAIL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EMAIL_RE.exec(text))) out.push({ start: m.index, end: m.index + m[0].length, text: m[0], value: m[0].toLowerCase() });
  return out;
}

/** Account, order, booking, case numbers: labelled ("order #12345", "account number 5551234") or long digit runs. */
export function findNumbers(original: string, phones: Span[] = findPhones(original)): NumberSpan[] {
  const text = maskUrls(original);
  const out: NumberSpan[] = [];
  const overlaps = (s: number, e: number) =>
    phones.some((p) => s < p.end && e > p.start) || out.some((p) => s < p.end && e > p.start);
  let m: RegExpExecArray | null;
  LABELLED_NUMBER_RE.lastIndex = 0;
  while ((m = LABELLED_NUMBER_RE.exec(text))) {
    const word = (m[1] as string).toLowerCase();
    const val = m[2] as string;
    if (!/\d/.test(val) && val !== val.toUpperCase()) continue;
    const start = m.index + m[0].lastIndexOf(val);
    const end = start + val.length;
    if (overlaps(start, end)) continue;
    const kind = ORDER_WORDS.has(word) ? 'order' : 'account';
    const label =
      word === 'acct' ? 'account number' : word === 'ref' || word === 'pnr' ? 'booking reference' : `${word} number`;
    out.push({ start, end, text: val, value: val.toUpperCase(), kind, label });
  }
  HASH_NUMBER_RE.lastIndex = 0;
  while ((m = HASH_NUMBER_RE.exec(text))) {
    const val = m[1] as string;
    const start = m.index + m[0].indexOf(val);
    if (overlaps(start, start + val.length)) continue;
    out.push({ start, end: start + val.length, text: val, value: val.toUpperCase(), kind: 'other', label: 'reference number' });
  }
  LONG_NUMBER_RE.lastIndex = 0;
  while ((m = LONG_NUMBER_RE.exec(text))) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], value: m[0], kind: 'other', label: 'number' });
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}

// Other detail kinds, from customer text.
const ADDRESS_RE =
  /\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:[Ss]treet|[Ss]t|[Aa]venue|[Aa]ve|[Rr]oad|[Rr]d|[Bb]oulevard|[Bb]lvd|[Ll]ane|[Ll]n|[Dd]rive|[Dd]r|[Ww]ay|[Cc]ourt|[Cc]t|[Pp]lace|[Pp]l|[Tt]errace|[Cc]ircle|[Cc]lose|[Cc]rescent|[Ss]quare|[Pp]arkway|[Hh]ighway|[Hh]wy)\b\.?|\b(?:zip(?:\s*code)?|post\s*code|postcode)\s*(?:is\s*)?:?\s*([A-Z0-9]{3,5}\s?[A-Z0-9]{0,4})\b|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/g;
const MONTHS_DAYS =
  /^(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the|my|a|an|this|that|i|it|twitter|customer|service|order|total|general|fact|time|love|hell|heaven|god|english|spanish)$/i;
const LOCATION_RE =
  /\b(?:in|at|near|around|outside|from|to)\s+((?:the\s+)?(?:[A-Z][a-z]+|[A-Z]{2,3})(?:[ ,]+(?:[A-Z][a-z]+|[A-Z]{2})){0,2})(?=\s+(?:store|branch|location|airport|station|office|area|mall)\b)|\b(?:in|here in|live in|living in|located in|based in|i'm in|i am in|stuck in|stuck at|at the)\s+((?:[A-Z][a-z]+|[A-Z]{2,4})(?:[ ,]+(?:[A-Z][a-z]+|[A-Z]{2})){0,2})/g;
const DEVICE_RE =
  /\b(?:iphone(?:\s?(?:\d{1,2}|x[rs]?|se)(?:\s?(?:pro(?:\s?max)?|plus|mini|max))?)?|ipad(?:\s?(?:pro|air|mini))?|macbook(?:\s?(?:pro|air))?|imac|apple\s?watch|airpods|galaxy\s?(?:s|note|a|z\s?(?:fold|flip))?\s?\d{0,2}(?:\s?(?:ultra|plus|\+))?|pixel\s?\d[a-z]?(?:\s?(?:pro|xl))?|oneplus\s?\d*|moto\s?[a-z]?\d*|xbox(?:\s?(?:one|series\s?[xs]|360))?|playstation\s?\d?|ps[345]|nintendo\s?switch|kindle(?:\s?fire)?|fire\s?(?:tv|stick)|echo\s?(?:dot|show)?|roku|chromecast|router|modem|set[- ]top box|cable box|smart\s?tv|laptop|android|windows\s?(?:10|11)|surface\s?(?:pro|laptop)?)\b/gi;
const APPOINTMENT_RE =
  /\b(?:(?:appointment|appt|installation|install|engineer visit|technician visit|tech visit|booking)(?:,?\s+(?:it|which)(?:['’]s|\s+is|\s+was))?\s+(?:is\s+|was\s+)?(?:(?:on|for|at|scheduled for|booked for)\s+[^.!?\n,;]{2,30}|(?:tomorrow|today|tonight|next\s+\w+|this\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|afternoon|evening|week))\b[^.!?\n,;]{0,25})|(?:technician|tech|engineer|installer)\s+(?:is\s+)?(?:coming|scheduled|booked|due)\s+(?:on|for|at|next|this|tomorrow)[^.!?\n,;]{0,25})/gi;

/** A detail's value as compared: a phone number's digits (without a leading US 1), anything else lower-cased. */
export function normaliseDetail(kind: DetailKind, value: string): string {
  const v = value.trim().replace(/[\s,.]+$/, '');
  return kind === 'phone' ? digitsOf(v).replace(/^1(?=\d{10}$)/, '') || v.toLowerCase() : v.toLowerCase();
}

function pushDetail(out: KnownDetail[], kind: DetailKind, value: string, where: DetailSource, label?: string) {
  const v = value.trim().replace(/[\s,.]+$/, '');
  if (!v) return;
  const normalized = normaliseDetail(kind, v);
  if (out.some((d) => d.kind === kind && d.normalized === normalized)) return;
  out.push({ kind, value: v, normalized, where, label: label ?? DETAIL_LABELS[kind] });
}

/** Details a customer gave in a piece of text, by kind. */
export function extractDetails(original: string, where: DetailSource, out: KnownDetail[] = []): KnownDetail[] {
  if (!original) return out;
  const text = maskUrls(original);
  const phones = findPhones(text);
  for (const p of phones) pushDetail(out, 'phone', p.text, where);
  for (const e of findEmails(text)) pushDetail(out, 'email', e.text, where);
  for (const n of findNumbers(text, phones)) {
    if (n.kind === 'other' && n.label === 'number') continue; // unlabelled digit runs are too vague
    pushDetail(out, n.kind === 'other' ? 'order' : n.kind, n.text, where, n.label);
  }
  let m: RegExpExecArray | null;
  ADDRESS_RE.lastIndex = 0;
  while ((m = ADDRESS_RE.exec(text))) pushDetail(out, 'address', m[0], where, /zip|post/i.test(m[0]) ? 'zip/post code' : 'address');
  LOCATION_RE.lastIndex = 0;
  while ((m = LOCATION_RE.exec(text))) {
    const place = (m[1] ?? m[2] ?? '').replace(/^the\s+/, '');
    const first = place.split(/[ ,]/)[0] ?? '';
    if (!place || MONTHS_DAYS.test(first)) continue;
    pushDetail(out, 'location', place, where);
  }
  DEVICE_RE.lastIndex = 0;
  while ((m = DEVICE_RE.exec(text))) pushDetail(out, 'device', m[0], where);
  APPOINTMENT_RE.lastIndex = 0;
  while ((m = APPOINTMENT_RE.exec(text))) pushDetail(out, 'appointment', m[0], where);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Context analysis (tweet, thread, history)

export interface ContextAnalysis {
  /** Lower-cased team handles. */
  brand: ReadonlySet<string>;
  /** The tweet answered. */
  tweet: LintTweet;
  tweetTokens: Token[];
  /** The customer's own words: the tweet plus their tweets in the thread. */
  customerText: string;
  customerTokens: Token[];
  /** Agent replies already sent: history.replies and team tweets in the thread (oldest first). */
  earlierReplies: Array<{ text: string; where: 'history' | 'thread'; at?: string }>;
  hasEarlierAgentReply: boolean;
  /** The tweet replies to one of the team's handles. */
  inReplyToBrand: boolean;
  /** The tweet replies to someone outside the team. */
  inReplyToOther: boolean;
  /** A team handle is mentioned in the tweet (text or mentions). */
  mentionsBrand: boolean;
  knownDetails: KnownDetail[];
  /** Per-context memo for rules: computed once per tweet/thread/history. */
  memo<T>(key: string, compute: () => T): T;
}

class ContextAnalysisImpl implements ContextAnalysis {
  readonly brand: ReadonlySet<string>;
  readonly tweet: LintTweet;
  private readonly thread: ThreadTweet[];
  private readonly history: NormalisedRequest['history'];
  private readonly cache = new Map<string, unknown>();

  constructor(req: NormalisedRequest) {
    this.brand = new Set(req.brand.map((b) => b.toLowerCase()));
    this.tweet = req.tweet;
    this.thread = req.thread;
    this.history = req.history;
  }

  memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const v = compute();
    this.cache.set(key, v);
    return v;
  }

  private isTeam(handle: string | null | undefined): boolean {
    return !!handle && this.brand.has(handle.toLowerCase());
  }

  get tweetTokens(): Token[] {
    return this.memo('tweetTokens', () => tokenize(this.tweet.text));
  }
  get customerText(): string {
    return this.memo('customerText', () => {
      const parts = this.thread.filter((t) => !this.isTeam(t.author) && t.author.toLowerCase() === this.tweet.author.toLowerCase()).map((t) => t.text);
      parts.push(this.tweet.text);
      return parts.join('\n');
    });
  }
  get customerTokens(): Token[] {
    return this.memo('customerTokens', () => tokenize(this.customerText));
  }
  get earlierReplies(): ContextAnalysis['earlierReplies'] {
    return this.memo('earlierReplies', () => [
      ...this.history.replies.map((r) => ({ text: r.text, where: 'history' as const, at: r.at })),
      ...this.thread.filter((t) => this.isTeam(t.author)).map((t) => ({ text: t.text, where: 'thread' as const })),
    ]);
  }
  get hasEarlierAgentReply(): boolean {
    return this.earlierReplies.length > 0;
  }
  get inReplyToBrand(): boolean {
    return this.isTeam(this.tweet.inReplyTo);
  }
  get inReplyToOther(): boolean {
    return !!this.tweet.inReplyTo && !this.isTeam(this.tweet.inReplyTo);
  }
  get mentionsBrand(): boolean {
    return this.memo('mentionsBrand', () => {
      if ((this.tweet.mentions ?? []).some((m) => this.isTeam(m))) return true;
      const lower = this.tweet.text.toLowerCase();
      for (const b of this.brand) if (lower.includes('@' + b)) return true;
      return false;
    });
  }
  get knownDetails(): KnownDetail[] {
    return this.memo('knownDetails', () => {
      const out: KnownDetail[] = [];
      extractDetails(this.tweet.text, 'tweet', out);
      for (const t of this.thread) if (!this.isTeam(t.author)) extractDetails(t.text, 'thread', out);
      // Attached tweets newest first: of two numbers given, the latest is the one to quote.
      for (let i = this.history.tweets.length - 1; i >= 0; i--) {
        const t = this.history.tweets[i]!;
        const from = out.length;
        extractDetails(t.text, 'attached', out);
        if (t.at) for (let j = from; j < out.length; j++) out[j]!.at = t.at;
      }
      for (const d of this.history.details) pushDetail(out, d.kind, d.value, 'history');
      for (const n of this.history.notes) extractDetails(n, 'history', out);
      return out;
    });
  }
}

const byTweet = new WeakMap<LintTweet, { thread: ThreadTweet[]; history: object; brand: string[]; ctx: ContextAnalysis }>();
const LRU_MAX = 32;
const byContent = new Map<string, ContextAnalysis>();

function contentKey(req: NormalisedRequest): string {
  const h = req.history;
  return JSON.stringify([req.brand, req.tweet, req.thread, h.details, h.notes, h.tweets, h.replies]);
}

/** The context analysis for a request: cached per (tweet, thread, history) identity, then by content. */
export function getContextAnalysis(req: NormalisedRequest): ContextAnalysis {
  const hit = byTweet.get(req.tweet);
  if (hit && hit.thread === req.thread && hit.history === req.history && hit.brand === req.brand) return hit.ctx;
  const key = contentKey(req);
  let ctx = byContent.get(key);
  if (ctx) {
    byContent.delete(key);
    byContent.set(key, ctx);
  } else {
    ctx = new ContextAnalysisImpl(req);
    byContent.set(key, ctx);
    if (byContent.size > LRU_MAX) byContent.delete(byContent.keys().next().value as string);
  }
  byTweet.set(req.tweet, { thread: req.thread, history: req.history, brand: req.brand, ctx });
  return ctx;
}

// ---------------------------------------------------------------------------------------------------------
// Draft analysis

/** Analyses of one lint call: the draft (lazy) plus the cached context. */
export class Analysis {
  readonly context: ContextAnalysis;
  private _tokens?: Token[];
  private _lower?: string;
  private _masked?: string;
  private _parsed?: ParsedTweet;
  private _entities?: EntityWithIndices[];
  private _phones?: Span[];
  private _emails?: Span[];
  private _numbers?: NumberSpan[];
  private _stems?: Set<string>;
  private _intent?: DraftIntent;

  constructor(readonly request: NormalisedRequest) {
    this.context = getContextAnalysis(request);
  }

  get draft(): string {
    return this.request.draft;
  }
  /** The draft with URLs blanked out (same offsets). */
  get masked(): string {
    return (this._masked ??= maskUrls(this.request.draft));
  }
  get lower(): string {
    return (this._lower ??= this.request.draft.toLowerCase().replace(/’/g, "'"));
  }
  get tokens(): Token[] {
    return (this._tokens ??= tokenize(this.request.draft));
  }
  /** Stems of the draft's words. */
  get stems(): ReadonlySet<string> {
    return (this._stems ??= new Set(this.tokens.map((t) => t.stem)));
  }
  /** twitter-text's weighted length etc. (URLs count 23, CJK and emoji twice). */
  get parsed(): ParsedTweet {
    return (this._parsed ??= twitter.parseTweet(this.request.draft));
  }
  get weightedLength(): number {
    return this.parsed.weightedLength;
  }
  /** Mentions, hashtags, URLs, cashtags of the draft (UTF-16 indices). */
  get entities(): EntityWithIndices[] {
    return (this._entities ??= twitter.extractEntitiesWithIndices(this.request.draft));
  }
  get phones(): Span[] {
    return (this._phones ??= findPhones(this.request.draft));
  }
  get emails(): Span[] {
    return (this._emails ??= findEmails(this.request.draft));
  }
  /** Account / order / reference numbers in the draft. */
  get numbers(): NumberSpan[] {
    return (this._numbers ??= findNumbers(this.request.draft, this.phones));
  }
  get knownDetails(): KnownDetail[] {
    return this.context.knownDetails;
  }
  /** What the draft asks the customer to do, through which channel, who acts (lib/lint/intent.ts). */
  get intent(): DraftIntent {
    return (this._intent ??= analyseIntent(this.request.draft, this.masked, this.phones, this.emails));
  }
}
