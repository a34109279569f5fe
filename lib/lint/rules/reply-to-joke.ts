import type { Rule } from '../types';
import type { ContextAnalysis } from '../analysis';

import { jokeTextScore } from './joke-features';

/**
 * Concrete service problems: a sarcastic complaint naming one of these is still a complaint. Only words that name
 * a service failure (not generic "days", "help"), so that sarcasm about life in general is not excused.
 */
const PROBLEM_RE =
  /\b(?:outages?|(?:is|are|was|been|went|goes|still)\s+down|bill(?:ed|ing|s)?|charg(?:e|ed|es|ing)|overcharg\w*|fees?|refunds?|not\s+working|(?:doesn|don|won|isn|didn)['’]?t\s+(?:work|load|connect|arrive)|stopped\s+working|broken|error\s+\w+|crash(?:es|ed|ing)?|cancell?(?:ed|ation)|delayed|never\s+(?:arrived|came|received|showed)|still\s+(?:no|not|waiting|haven['’]?t)|account|order(?:ed)?|package|parcel|deliver(?:y|ed)|flight|luggage|baggage|router|modem|wi-?fi|internet|broadband|connection|signal|no\s+service|dropp(?:ed|ing)\s+(?:calls?|every|my)|calls?\s+(?:drop|keep)|disconnect\w*|customer\s+service|complain\w*|scam\w*|stolen|hack(?:ed|ing|er|ers)?|signed\s+in(?:to)?|locked\s+out|suspend\w*|banned|password|log\s*in|sign\s*in|payment|paid|money|deposits?|atms?|declined|subscription|deleted|died\s+on|buffer\w*|freez(?:es|ing)|glitch\w*|bugs?|lag(?:s|ging)|won['’]?t\s+(?:let|load|open|start|connect)|can['’]?t\s+(?:log|sign|access|connect|get\s+(?:in|into))|\$\d|£\d|€\d)\b/gi;

export interface JokeVerdict {
  score: number;
  reasons: string[];
  problems: string[];
}

/**
 * Scores how much the tweet reads as a joke rather than a request for help (exposed for evaluation).
 * Wording (`jokeTextScore`: incongruity, ironic frames, emoji, laughter...) plus who it is addressed to, minus
 * concrete service problems it names (more so when it is addressed to the team).
 */
export function jokeVerdict(text: string, context: Pick<ContextAnalysis, 'inReplyToOther' | 'inReplyToBrand' | 'mentionsBrand'>): JokeVerdict {
  const t = jokeTextScore(text);
  let score = t.score;
  const reasons = [...t.reasons];
  const addressed = isAddressed(context);
  if (context.inReplyToOther && !context.mentionsBrand) {
    score += 1.5;
    reasons.unshift('it replies to someone else');
  } else if (!addressed) {
    score += 1;
    reasons.unshift('it is not addressed to the team');
  } else {
    score -= 1;
  }
  const problems = Array.from(new Set((text.match(PROBLEM_RE) ?? []).map((p) => p.toLowerCase())));
  score -= Math.min(3, problems.length * (addressed ? 1.5 : 0.75));
  // A sarcastic complaint to the team that names a real service problem is a complaint (seed 000).
  if (addressed && problems.length) score = Math.min(score, 0);
  return { score, reasons, problems };
}

function isAddressed(context: Pick<ContextAnalysis, 'inReplyToBrand' | 'mentionsBrand'>): boolean {
  return context.inReplyToBrand || context.mentionsBrand;
}

/** Addressed to the team and names a concrete service problem: `jokeVerdict` caps its score at 0. */
function isComplaintToTeam(text: string, context: Pick<ContextAnalysis, 'inReplyToBrand' | 'mentionsBrand'>): boolean {
  return isAddressed(context) && text.search(PROBLEM_RE) >= 0;
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
      '(haha, 😄) is not flagged either. Option: `threshold` (default 2).',
  },
  check(ctx, options) {
    const threshold = typeof options.threshold === 'number' ? options.threshold : 2;
    const c = ctx.analysis.context;
    // A tweet addressed to the team that names a service problem scores 0 at most (see jokeVerdict): with a
    // positive threshold it can never be flagged, so its text is not scored (most care tweets; once per tweet).
    if (threshold > 0 && c.memo('joke.complaint', () => isComplaintToTeam(c.tweet.text, c))) return [];
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
