/** Helpers shared by the built-in rules. Regexes are compiled once at module load. */
import type { Token } from '../analysis';
import { stem as stemWord } from '../analysis';

const URL_PATH_RE = /\bhttps?:\/\/[^\s/]+(\/[^\s?#]*)/g;
/** Path words of contact and help-centre links that name no topic ('/hc/en-us/requests/new'). */
const URL_PATH_STOP = new Set(['requests', 'request', 'new', 'categories', 'category', 'articles', 'article', 'answer', 'answers', 'document', 'documents', 'contact', 'contactus', 'support', 'help', 'helpx', 'html', 'aspx', 'php', 'kb', 'hc', 'en', 'us', 'gb', 'in', 'community', 'forum', 'forums', 'thread', 'topic', 'faq', 'troubleshooter', 'index', 'home', 'page', 'login', 'signin']);
import type { RuleContext } from '../types';

export interface Sentence {
  start: number;
  end: number;
  text: string;
}

const SENTENCE_RE = /(?:[^.!?\n]|[.!?](?![.!?]*(?:\s|$)))+(?:[.!?]+|\n|$)/g;

export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  SENTENCE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SENTENCE_RE.exec(text))) {
    if (!m[0]) {
      SENTENCE_RE.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

export function quote(s: string, max = 60): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return `"${t.length > max ? t.slice(0, max - 1) + '…' : t}"`;
}

/** Words that say nothing about the customer's problem: stop words and care boilerplate. */
export const STOP = new Set(
  (
    'a an the and or but if so of to in on at by for with from into onto about as is are was were be been being am ' +
    'i me my mine we us our ours you your yours he him his she her they them their it its this that these those there here ' +
    'what which who whom whose when where why how all any both each few more most other some such no nor not only own same ' +
    'than too very can could will would shall should may might must do does did done doing have has had having get got ' +
    'gets getting just now then also still even ever again once really please thanks thank thx ty hi hello hey dear ' +
    'sorry hear heard help helping helped assist assistance look looking happy glad love great good ok okay yes yeah ' +
    'let know like want need make made go going come see say said tell take day today one two lot much many way thing ' +
    'issue issues problem problems experience experiencing inconvenience concern concerns frustrat frustration frustrating ' +
    'understand apologize apologise apology apologies team support service customer customers reach out dm dms message ' +
    'messages send private direct detail details info information further assist able unable sure happen happened ' +
    'check follow reply back soon asap touch contact best regards kind well right feel feeling i\'m i\'ve we\'re we\'ll ' +
    "you're you've it's that's don't can't won't didn't doesn't isn't wasn't aren't there's let's we'd i'd you'd ^ " +
    'via amp http https www com co twitter tweet tweets'
  )
    .split(/\s+/)
    .map((w) => w.replace(/'/g, "'")),
);

/** Synonym groups: a word in the draft acknowledges any word of its group in the tweet. */
const GROUPS = [
  'bill billing charge charged charg fee fees payment pay paid price cost invoice refund money overcharg',
  'internet wifi wi-fi broadband connection connect connectivity online offline network signal outage down speed slow',
  'phone mobile cell iphone android handset device',
  'playstation ps3 ps4 ps5 console xbox switch psn',
  'carrier courier driver drivers ups fedex usps dpd',
  'hack hacked hacking compromised unauthorized phishing phish scam fraud suspicious',
  'refund refunds refunded reimburse compensation money',
  'password login log-in signin sign-in verification 2fa two-step code',
  'call calls dropped drop ring',
  'flight plane trip travel journey booking boarding gate airport fly flew',
  'delay delayed late wait waiting hour hours minute minutes min mins long queue hold',
  'order package parcel delivery deliver shipment shipping shipped arrive arrived tracking',
  'cancel cancelled canceled cancellation',
  'appointment technician engineer visit install installation',
  'account login log password locked suspended suspension banned sign',
  'app update crash crashing crashes error bug glitch broken working work',
  'card bank transaction',
  'bag bags luggage baggage suitcase',
  'seat seats upgrade',
  'tv cable channel channels box',
  'car vehicle',
  'router modem',
  'printer ink cartridge',
  'video channel upload youtube',
];
export const CONCEPT = new Map<string, number>();
GROUPS.forEach((g, i) => g.split(' ').forEach((w) => CONCEPT.set(w, i)));

const TWO_LETTER = new Set(['pc', 'tv', 'id', 'ps', 'uk', 'us', 'hd', 'ui', 'os', 'ai', 'vr', 'dr', 'nj', 'ny', 'la', 'sf', 'tx', 'ca']);

export function isContent(t: Token): boolean {
  if (t.lower.length < 2 || (t.lower.length < 3 && /^[a-z]+$/.test(t.lower) && !TWO_LETTER.has(t.lower))) return false;
  return !STOP.has(t.lower) && !STOP.has(t.stem);
}

/** Content stems and concepts of the customer's words (memoised per context). */
/** Word-family key: the first 5 letters of a long stem ("removal", "removed" -> "remov"). */
export const familyKey = (st: string): string | undefined => (st.length >= 5 && /^[a-z]+$/.test(st) ? st.slice(0, 5) : undefined);

export function customerVocabulary(ctx: RuleContext): { stems: Set<string>; concepts: Set<number>; count: number; families: Set<string> } {
  return ctx.analysis.context.memo('customerVocabulary', () => {
    const families = new Set<string>();
    const stems = new Set<string>();
    const concepts = new Set<number>();
    const handles = new Set<string>([...ctx.analysis.context.brand, ...(ctx.request.tweet.mentions ?? []).map((m) => m.toLowerCase())]);
    const text = ctx.analysis.context.customerText;
    let count = 0;
    for (const t of ctx.analysis.context.customerTokens) {
      if (text[t.start - 1] === '@' || handles.has(t.lower)) continue;
      if (text[t.start - 1] === '/' || text[t.start - 1] === '.') continue; // URL pieces
      if (!isContent(t)) continue;
      count++;
      stems.add(t.stem);
      for (const part of t.stem.split('-')) {
        if (part !== t.stem && part.length >= 3 && !STOP.has(part)) stems.add(stemWord(part));
        const f = familyKey(part);
        if (f) families.add(f);
      }
      const c = CONCEPT.get(t.lower) ?? CONCEPT.get(t.stem);
      if (c !== undefined) concepts.add(c);
    }
    return { stems, concepts, count, families };
  });
}

/** True when the draft uses one of the customer's content words (or a synonym of one). */
export function draftEchoesCustomer(ctx: RuleContext, skip?: (t: Token) => boolean): boolean {
  const voc = customerVocabulary(ctx);
  const draft = ctx.request.draft;
  const masked = ctx.analysis.masked;
  for (const t of ctx.analysis.tokens) {
    if (draft[t.start - 1] === '@') continue;
    // words of a link's host ("help.minecraft.net") are the brand, not the problem; its path is checked below
    if (masked[t.start] === ' ' && masked !== draft) continue;
    if (!isContent(t)) continue;
    if (skip?.(t)) continue;
    if (voc.stems.has(t.stem)) return true;
    for (const part of t.stem.includes('-') ? t.stem.split('-') : [t.stem]) {
      if (part !== t.stem && voc.stems.has(stemWord(part))) return true;
      const f = familyKey(part);
      if (f && voc.families.has(f)) return true;
    }
    const c = CONCEPT.get(t.lower) ?? CONCEPT.get(t.stem);
    if (c !== undefined && voc.concepts.has(c)) return true;
  }
  for (const d of ctx.analysis.knownDetails) if (d.where === 'tweet' && ctx.analysis.lower.includes(d.normalized)) return true;
  // Words in the path of a help link ("/Mute-All-And-Unmute-All", "/premiere-pro/") name the topic too.
  for (const m of draft.matchAll(URL_PATH_RE)) {
    for (const w of m[1]!.toLowerCase().split(/[^a-z0-9]+/)) {
      if (w.length < 3 || STOP.has(w) || URL_PATH_STOP.has(w)) continue;
      const st = stemWord(w);
      if (voc.stems.has(st)) return true;
      const c = CONCEPT.get(w) ?? CONCEPT.get(st);
      if (c !== undefined && voc.concepts.has(c)) return true;
    }
  }
  return false;
}

/** Draft words that are not @handles or URLs. */
export function wordCount(ctx: RuleContext): number {
  let n = 0;
  const d = ctx.request.draft;
  for (const t of ctx.analysis.tokens) if (d[t.start - 1] !== '@' && d[t.start - 1] !== '/') n++;
  return n;
}

export function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    out.push(m);
  }
  return out;
}
