import type { Rule } from '../types';
import type { ContextAnalysis } from '../analysis';

/** Markers of jokes, banter and sarcasm. Each has a weight. */
const MARKERS: Array<[RegExp, number, string]> = [
  [/\b(?:lol+|lmf?ao+|rofl|haha\w*|hehe\w*|hah|jk|just\s+kidding|kidding|joking|jokes?)\b/i, 1.5, 'laughter'],
  [/[😂🤣😆😅😜😝😛😏🙃🙄🤪😉😹🤡💀]/u, 1.5, 'a joking emoji'],
  [/(?:^|\s)\/s\b|#sarcasm|#not\b|#irony|#jokes?\b/i, 3, 'a sarcasm tag'],
  [/\btalk\s+about\b/i, 1.5, '"talk about"'],
  [/\b(?:gotta|got\s+to|i\s+just)\s+love\b|\bnothing\s+(?:says|like)\b|\bwhat\s+could\s+(?:possibly\s+)?go\s+wrong\b|\bsaid\s+no\s+one\b|\bbecause\s+(?:of\s+course|obviously)\b|\bthanks\s+a\s+lot\b|\bthanks\s+for\s+nothing\b|\bjust\s+what\s+i\s+needed\b|\bcan['’]t\s+wait\b|\bmy\s+favou?rite\b|\bso\s+much\s+fun\b|\bwho\s+knew\b|\bsure,?\s+(?:jan|buddy)\b|\bas\s+one\s+does\b|\bclassic\b|\byeah\s+right\b|\boh\s+(?:great|good|joy|wonderful)\b|\bwhat\s+a\s+(?:time|joy|treat)\b/i, 1.5, 'a sarcastic turn of phrase'],
  [/\b(?:love|loving|adore|enjoy)\s+(?:it\s+)?(?:when|how|that)\b/i, 1, '"love when"'],
  [/(?:^|[.!?]\s+)(?:doesn['’]t|don['’]t|isn['’]t|aren['’]t|wasn['’]t|who\s+(?:needs|knew|else)|why\s+would|ever\s+notice|am\s+i\s+the\s+only)\b[^?]*\?/i, 1, 'a rhetorical question'],
  [/\b(?:pun|punny|dad\s+joke|wordplay)\b/i, 1.5, 'a pun'],
  [/!{2,}|\?!|!\?/, 0.3, 'exclamations'],
  [/\b(?:really|totally|truly|surely|clearly|obviously)\s*[.!]\s*$|\bnot\b[.!]?\s*$/i, 0.7, 'an ironic "really."'],
  [/["“][^"”]{2,30}["”]/, 0.4, 'scare quotes'],
];

/** Concrete service-problem words: a sarcastic complaint with these is still a complaint. */
const PROBLEM_RE =
  /\b(?:outage|down|bill(?:ed|ing)?|charg(?:e|ed|es|ing)|overcharg\w*|fees?|refund\w*|not\s+working|doesn['’]t\s+work|won['’]t\s+work|stopped\s+working|broken|broke|error|crash\w*|cancel\w*|delay\w*|late|lost|missing|never\s+(?:arrived|came|received)|still\s+(?:no|not|waiting)|waiting|days?|hours?|weeks?|since|account|order|package|parcel|delivery|flight|luggage|bag(?:gage)?|router|modem|wifi|internet|signal|no\s+service|dropp(?:ed|ing)|disconnect\w*|fix|help|support|customer\s+service|complain\w*|scam|stolen|hacked|locked|suspend\w*|banned|password|login|app|update|payment|paid|money|\$\d|£\d|€\d)\b/gi;

export interface JokeVerdict {
  score: number;
  reasons: string[];
  problems: string[];
}

/** Scores how much the tweet reads as a joke rather than a request for help. Exposed for evaluation. */
export function jokeVerdict(text: string, context: Pick<ContextAnalysis, 'inReplyToOther' | 'inReplyToBrand' | 'mentionsBrand'>): JokeVerdict {
  let score = 0;
  const reasons: string[] = [];
  if (context.inReplyToOther && !context.mentionsBrand) {
    score += 2;
    reasons.push('it replies to someone else');
  } else if (!context.inReplyToBrand && !context.mentionsBrand) {
    score += 1;
    reasons.push('it is not addressed to the team');
  } else {
    score -= 1;
  }
  for (const [re, w, label] of MARKERS) {
    if (re.test(text)) {
      score += w;
      reasons.push(label);
    }
  }
  const problems = Array.from(new Set((text.match(PROBLEM_RE) ?? []).map((p) => p.toLowerCase())));
  score -= Math.min(3, problems.length * (context.mentionsBrand || context.inReplyToBrand ? 1.5 : 1));
  return { score, reasons, problems };
}

const DRAFT_PLAYS_ALONG_RE = /\b(?:lol|haha\w*|hehe|good\s+one|nice\s+one|made\s+us\s+laugh|love\s+(?:the|this)\s+(?:pun|joke))\b|[😂🤣😄😆😉😅]/iu;

export const replyToJoke: Rule<{ threshold?: number }> = {
  meta: {
    id: 'reply-to-joke',
    severity: 'warning',
    description: 'The tweet answered reads as a joke, banter or sarcasm rather than a request for help.',
    docs:
      'Seed 004: a pun about "Frontier Communications" aimed at someone else got three phone numbers from the brand. ' +
      'Combines signals: the tweet is not addressed to the team (replies to someone else, no mention of the brand), ' +
      'joke markers (lol, haha, 😂🙃, "/s", "talk about", rhetorical questions, puns) and the absence of concrete ' +
      'problem words (outage, bill, charged, not working, refund, days, since, account...). A sarcastic complaint ' +
      'naming a real service problem to the brand is still a complaint and is not flagged. A draft that plays along ' +
      '(haha, 😄) is not flagged either. Option: `threshold` (default 2.5).',
  },
  check(ctx, options) {
    const threshold = typeof options.threshold === 'number' ? options.threshold : 2.5;
    const c = ctx.analysis.context;
    const v = c.memo('joke.verdict', () => jokeVerdict(c.tweet.text, c));
    if (v.score < threshold) return [];
    if (DRAFT_PLAYS_ALONG_RE.test(ctx.request.draft)) return [];
    if (!ctx.request.draft.trim()) return [];
    return [
      {
        start: 0,
        end: ctx.request.draft.length,
        message: `The tweet reads as a joke or sarcasm, not a request for help (${v.reasons.join(', ')}${
          v.problems.length ? '' : '; no concrete problem named'
        }). A service reply may look robotic: play along lightly, or leave it.`,
      },
    ];
  },
  examples: {
    valid: [
      {
        draft: 'So sorry about the dropped calls! Which area are you in?',
        request: {
          brand: ['att'],
          tweet: { author: 'ann', text: "@att it's not that I don't appreciate all of your late Xmas gifts of dropping EVERY call I make because I do. Really." },
        },
        note: 'seed 000: sarcastic but a real complaint to the brand',
      },
      {
        draft: 'Haha, we are a little faster than the telegraph these days 😄',
        request: {
          brand: ['FrontierCorp'],
          tweet: { author: '4ndymanFD', text: '@shanselman Doesn\'t "Frontier Communications" refer to the telegraph? Talk about a slow internet connection!', inReplyTo: 'shanselman' },
        },
        note: 'the draft plays along',
      },
      { draft: 'Sorry about that! Can you DM us your order number?', request: { tweet: { author: 'c', text: '@brand my order never arrived lol, 3 weeks now' } } },
      { draft: 'Thanks for reaching out, let us check your bill.', request: { tweet: { author: 'c', text: '@brand why was I charged twice this month?' } } },
    ],
    invalid: [
      {
        draft: 'I do apologize. Please contact 877-462-8188(repair ), 877-462-1105(billing)or 877-462-0488(FIOS)for assistance.',
        request: {
          brand: ['FrontierCorp'],
          tweet: { author: '4ndymanFD', text: '@shanselman Doesn\'t "Frontier Communications" refer to the telegraph? Talk about a slow internet connection!', inReplyTo: 'shanselman' },
        },
        note: 'seed 004',
      },
      {
        draft: 'Sorry to hear that! Please DM us so we can help.',
        request: { brand: ['brand'], tweet: { author: 'j', text: 'my cat just stole my sandwich and ran off with it 😂😂', inReplyTo: 'friend' } },
      },
      {
        draft: 'We are sorry about your experience. DM us the details.',
        request: { brand: ['brand'], tweet: { author: 'j', text: 'nothing says monday like spilling coffee on your keyboard before 9am lol', inReplyTo: null } },
      },
    ],
  },
};
