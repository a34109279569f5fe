/**
 * What a draft asks the customer to do: the shared analysis that deflect-to-phone and moves-offline read.
 *
 * The draft (URLs blanked) is cut into sentences and clauses (at ", ", ";", ":", " so ", and at " and/or " before
 * a verb). In each clause it finds
 * - the actions (call, contact, reach, DM, email, fill in, submit, chat, visit, follow…),
 * - whether the clause asks the customer to act: the action comes first, after nothing but a frame such as
 *   "please", "kindly", "you can", "feel free to", "I suggest you to", "we'd recommend", "have you tried"
 *   (an imperative or a request), or it offers a route ("you can reach them on …");
 * - the channels it names: phone (a number, "our phone support", "helpline", "via phone", a link to a page of
 *   phone numbers), chat, DM, email (an address, "email us"), a form or ticket, a store or branch, or a human team
 *   elsewhere ("our billing team", "one-on-one", a contact-page link);
 * - who acts: a clause where the team or a technician contacts the customer ("we'll call you", "so we can reach
 *   out") is the team's act, not the customer's;
 * - negation ("phone support is only available to admins") and fallback ("if those steps don't help, …").
 * Vocabulary: intent.vocab.json (data, no code). Hand-written tokenising: see docs/rules.md for why not an NLP
 * library. Pure: no DOM, no browser APIs.
 */
import vocab from './intent.vocab.json';
import { kindedRegex, lowerForMatch, matchKinded, phraseRegex, type PhraseMatch } from './phrases';

export type ChannelKind = 'phone' | 'chat' | 'dm' | 'email' | 'form' | 'store' | 'contact';
export type ActionKind = 'phone' | 'contact' | 'message' | 'email' | 'form' | 'chat' | 'visit';

export interface Mention {
  kind: ChannelKind;
  start: number;
  end: number;
  text: string;
  /** How it was found: a phrase naming the channel, a noun as the object of an action, the action itself, a number, an address, a link. */
  via: 'phrase' | 'noun' | 'verb' | 'number' | 'email' | 'url';
}

export interface Clause {
  start: number;
  end: number;
  /** Index into `sentences`. */
  sentence: number;
  actions: PhraseMatch<ActionKind>[];
  /** The clause asks (or invites) the customer to act: its first action comes right after a frame or nothing. */
  directive: boolean;
  /** The frame before the verb ("please", "i suggest you to", ""), when directive. */
  frame: string;
  channels: Mention[];
  /** The team or a technician contacts the customer here ("we'll call you"). */
  teamActs: boolean;
  /** A negation outside a condition ("is only available to admins", "we don't offer"). */
  negated: boolean;
  /** Offered only if what came before does not help ("if those steps don't work, …"). */
  fallback: boolean;
}

export interface DraftUrl {
  start: number;
  end: number;
  text: string;
  /** A page of phone numbers, a contact or request page, or anything else (a help article). */
  kind: 'phone' | 'contact' | 'help';
}

export interface DraftIntent {
  sentences: Array<{ start: number; end: number }>;
  clauses: Clause[];
  urls: DraftUrl[];
  /** Clauses that ask the customer to take the matter to another channel (not a fallback check is made here). */
  offline: Clause[];
}

interface SpanLike {
  start: number;
  end: number;
  text: string;
}

// ---------------------------------------------------------------------------------------------------------
// Compiled vocabulary (once, at module load)

const groups = vocab.groups;
const ACTIONS = kindedRegex<ActionKind>(
  (['phone', 'message', 'email', 'chat', 'form', 'contact', 'visit'] as const).map((k) => [k, vocab.actions[k]]),
  groups,
);
const STRONG = kindedRegex<ChannelKind>(
  (['phone', 'chat', 'dm', 'email', 'form', 'store', 'contact'] as const).map((k) => [k, vocab.channels.strong[k]]),
  groups,
);
const WEAK = kindedRegex<ChannelKind>((['phone', 'chat', 'dm', 'email', 'form'] as const).map((k) => [k, vocab.channels.weak[k]]), groups);
const LEAD_RE = new RegExp(`^(?:[\\s,;:.!?'"()\\-–—]*(?:${vocab.frames.lead.map((p) => phraseSourceOf(p)).join('|')})(?![\\w]))*[\\s,;:.!?'"()\\-–—]*$`);
const TEAM_RE = phraseRegex(vocab.team_acts.phrases, groups);
const NEG_RE = phraseRegex(vocab.negation, groups);
const FALLBACK_RE = phraseRegex(vocab.fallback.phrases, groups);
const DETAIL_BEFORE_RE = new RegExp(`(?:^|[^\\w'])(?:${vocab.detail_before.map((p) => phraseSourceOf(p)).join('|')})\\s+(?:[\\w'-]+\\s+)?$`);
const URL_PHONE_RE = new RegExp(`(?:^|[/._?=&-])(?:${vocab.urls.phone.map(escapeRe).join('|')})(?:$|[/._?=&#-])`, 'i');
const URL_CONTACT_RE = new RegExp(`(?:^|[/._?=&-])(?:${vocab.urls.contact.map(escapeRe).join('|')})(?:$|[/._?=&#-])`, 'i');
const URL_RE = /\b(?:https?:\/\/|www\.)\S+/gi;
const SENTENCE_RE = /(?:[^.!?\n]|[.!?](?![.!?]*(?:\s|$)))+(?:[.!?]+|\n|$)/g;
/** Where a clause ends: ", ", ";", ":", " - ", and before "so (that)", "and/or/then" + a verb of the vocabulary. */
const CLAUSE_CUT_RE = new RegExp(
  `[,;:](?=\\s)|\\s[-–—]\\s|\\s(?=so\\s+(?:that\\s+)?(?:we|i|they|someone|our|the|a)\\b)|\\s(?=if\\s)|\\s(?=(?:and|or|but)\\s+(?:we|i|someone|they|our|a\\s+member)\\b)|\\s(?=but\\s+(?:you|please)\\b)|\\s(?=(?:and|or|then|but)\\s+(?:please\\s+|also\\s+|then\\s+)?(?:${vocab.actions.phone
    .concat(vocab.actions.contact, vocab.actions.message, vocab.actions.email, vocab.actions.chat)
    .filter((p) => !/\s/.test(p))
    .map(escapeRe)
    .join('|')})\\b)`,
  'g',
);
const TEAM_HELPS_RE = /^\W*so\s+(?:that\s+)?(?:we|someone|our\s+team|a\s+member\s+of\s+our\s+team)\s+(?:can|may|could|will)\s+(?:help|assist|investigate|look|resolve|sort|fix|reach|work)/;
const OFFLINE_KINDS: ReadonlySet<ChannelKind> = new Set(['phone', 'chat', 'dm', 'email', 'form', 'store', 'contact']);
/** What the action itself implies as a channel, when the clause names none. */
const IMPLIED: Partial<Record<ActionKind, ChannelKind>> = { phone: 'phone', message: 'dm', email: 'email', chat: 'chat', contact: 'contact' };

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
function phraseSourceOf(p: string): string {
  // simple phrases (no groups) with '*' / '**' wildcards
  return p
    .replace(/’/g, "'")
    .toLowerCase()
    .trim()
    .split(/\s+/)
    .map((t) => (t === '*' ? "(?:[\\w'.-]+)?" : t === '**' ? "(?:[\\w'.-]+\\s*){0,3}" : escapeRe(t)))
    .join('\\s*')
    .replace(/\\s\*\\s\*/g, '\\s*');
}

function within<T extends { start: number; end: number }>(list: T[], start: number, end: number): T[] {
  return list.filter((x) => x.start >= start && x.start < end);
}

function classifyUrl(u: string): DraftUrl['kind'] {
  const rest = u.replace(/^(?:https?:\/\/)?(?:www\.)?/i, '');
  if (URL_PHONE_RE.test(rest)) return 'phone';
  if (URL_CONTACT_RE.test(rest)) return 'contact';
  return 'help';
}

// ---------------------------------------------------------------------------------------------------------

/**
 * The intent analysis of a draft. `masked` is the draft with URLs blanked (same length); `phones` and `emails`
 * are the spans found in the draft.
 */
export function analyseIntent(draft: string, masked: string, phones: SpanLike[], emails: SpanLike[]): DraftIntent {
  const lower = lowerForMatch(masked);
  const urls: DraftUrl[] = [];
  URL_RE.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = URL_RE.exec(draft)); ) {
    const text = m[0].replace(/[.,;:!?)]+$/, '');
    urls.push({ start: m.index, end: m.index + text.length, text, kind: classifyUrl(text) });
  }

  const sents: Array<{ start: number; end: number }> = [];
  SENTENCE_RE.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = SENTENCE_RE.exec(masked)); ) {
    if (!m[0]) {
      SENTENCE_RE.lastIndex++;
      continue;
    }
    sents.push({ start: m.index, end: m.index + m[0].length });
  }

  const actions = matchKinded(ACTIONS, lower);
  const strong = matchKinded(STRONG, lower);
  const weak = matchKinded(WEAK, lower);
  const team = matchAll(TEAM_RE, lower);
  const neg = matchAll(NEG_RE, lower);
  const fallbacks = matchAll(FALLBACK_RE, lower);

  const clauses: Clause[] = [];
  sents.forEach((s, si) => {
    const cuts = [s.start];
    CLAUSE_CUT_RE.lastIndex = 0;
    const part = lower.slice(s.start, s.end);
    for (let m: RegExpExecArray | null; (m = CLAUSE_CUT_RE.exec(part)); ) {
      if (!m[0] && CLAUSE_CUT_RE.lastIndex === m.index) CLAUSE_CUT_RE.lastIndex++;
      cuts.push(s.start + m.index + (m[0] ? m[0].length : 0));
    }
    cuts.push(s.end);
    let sentenceFallback = false;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const start = cuts[i]!;
      const end = cuts[i + 1]!;
      if (end <= start || !/[\w\d]/.test(masked.slice(start, end)) && !urls.some((u) => u.start >= start && u.start < end)) continue;
      let acts = within(actions, start, end);
      let directive = false;
      let frame = '';
      // The first action after nothing but a frame; an action word inside the frame itself ("I would request
      // you to contact…": "request") is part of the frame, not the action.
      for (let k = 0; k < acts.length; k++) {
        const before = lower.slice(start, acts[k]!.start);
        if (LEAD_RE.test(before)) {
          directive = true;
          frame = before.replace(/[^\w' ]+/g, ' ').trim();
          if (k > 0) acts = acts.slice(k);
          break;
        }
      }
      const clauseText = lower.slice(start, end);
      const ifAt = clauseText.search(/\b(?:if|unless|when|once)\b/);
      const negated = within(neg, start, end).some((n) => ifAt < 0 || n.start - start < ifAt);
      const fb = within(fallbacks, start, end).length > 0 || /^\W*(?:otherwise|alternatively)\b/.test(clauseText);
      if (fb) sentenceFallback = true;
      const channels: Mention[] = [];
      const isDetail = (at: number) => DETAIL_BEFORE_RE.test(lower.slice(Math.max(start, at - 24), at)) && !/^the\s/.test(lower.slice(at - 4, at));
      for (const c of within(strong, start, end)) {
        if (c.kind === 'phone' && /number/.test(c.text) && /\byour\s+(?:[\w-]+\s+)?$/.test(lower.slice(Math.max(start, c.start - 16), c.start))) continue;
        if (/^(?:phone number|phone numbers|contact number|contact numbers)$/.test(c.text) && isDetail(c.start)) continue;
        channels.push({ kind: c.kind, start: c.start, end: c.end, text: draft.slice(c.start, c.end), via: 'phrase' });
      }
      if (directive) {
        const first = acts[0]!;
        for (const w of within(weak, start, end)) {
          if (w.start < first.end) continue;
          if (channels.some((c) => w.start < c.end && w.end > c.start)) continue;
          if (/\byour\s+(?:[\w-]+\s+)?$|\b(?:a good|the best|a contact|a callback)\s+$/.test(lower.slice(Math.max(start, w.start - 16), w.start))) continue;
          // "visit <link> for (more) information": what the page gives, not a channel to take the matter to
          if (/\bfor\s+(?:more\s+|further\s+|additional\s+|the\s+latest\s+)?$/.test(lower.slice(Math.max(start, w.start - 20), w.start))) continue;
          channels.push({ kind: w.kind, start: w.start, end: w.end, text: draft.slice(w.start, w.end), via: 'noun' });
        }
        for (const a of acts) {
          // "share your details", "make a ticket": a form even without a noun of the list
          const k = IMPLIED[a.kind] ?? (a.kind === 'form' && /\s/.test(a.text) ? 'form' : undefined);
          if (k && !channels.some((c) => c.kind === k)) channels.push({ kind: k, start: a.start, end: a.end, text: draft.slice(a.start, a.end), via: 'verb' });
        }
      }
      for (const p of within(phones as SpanLike[], start, end)) channels.push({ kind: 'phone', start: p.start, end: p.end, text: p.text, via: 'number' });
      for (const e of within(emails as SpanLike[], start, end)) channels.push({ kind: 'email', start: e.start, end: e.end, text: e.text, via: 'email' });
      for (const u of within(urls, start, end)) if (u.kind !== 'help') channels.push({ kind: u.kind === 'phone' ? 'phone' : 'contact', start: u.start, end: u.end, text: u.text, via: 'url' });
      channels.sort((a, b) => a.start - b.start);
      const clause: Clause = {
        start,
        end,
        sentence: si,
        actions: acts,
        directive,
        frame,
        channels,
        teamActs: within(team, start, end).length > 0,
        negated,
        fallback: fb || (sentenceFallback && i > 0),
      };
      // A clause that only carries numbers, addresses or links ("…, 877-462-1105 (billing)", "here: <link>")
      // continues the previous clause of the same sentence.
      const prev = clauses[clauses.length - 1];
      const onlyObjects = !acts.length && channels.length > 0 && channels.every((c) => c.via === 'number' || c.via === 'email' || c.via === 'url');
      const bare = !/[a-z]{2,}/.test(masked.slice(start, end).replace(/(?:^|\s)[\^*~\-–—/]\s?[A-Za-z]{1,15}\s*$/, ''));
      if (onlyObjects && prev && (prev.sentence === si || (prev.directive && bare)) && (prev.directive || prev.channels.length)) {
        prev.channels.push(...channels);
        prev.end = end;
        continue;
      }
      clauses.push(clause);
    }
  });

  // "Please go here so that we may help resolve your issue: <link>": a link the team helps through.
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i]!;
    if (!c.directive || !c.actions.some((a) => a.kind === 'visit') || c.channels.some((ch) => OFFLINE_KINDS.has(ch.kind))) continue;
    const s = sents[c.sentence]!;
    const rest = lower.slice(c.end, s.end);
    const link = urls.find((u) => u.start >= c.start && u.start < s.end + 2);
    if (link && TEAM_HELPS_RE.test(rest)) c.channels.push({ kind: 'contact', start: link.start, end: link.end, text: link.text, via: 'url' });
  }
  const offline = clauses.filter(
    (c) =>
      !c.teamActs &&
      c.channels.some((ch) => OFFLINE_KINDS.has(ch.kind)) &&
      (c.directive || c.channels.some((ch) => ch.via === 'number' || ch.via === 'email')),
  );
  return { sentences: sents, clauses, urls, offline };
}

function matchAll(re: RegExp, text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  re.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = re.exec(text)); ) {
    if (!m[0]) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}
