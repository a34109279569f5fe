import twitter from 'twitter-text';
import type { Rule } from '../types';

const LIMIT = 280;

export const tooLong: Rule<{ limit?: number }> = {
  meta: {
    id: 'too-long',
    severity: 'error',
    description: "The reply is over X's 280-character limit, counted the way X counts (URLs 23, CJK and emoji 2).",
    docs:
      "X refuses a reply whose weighted length (twitter-text `parseTweet`) is over 280: every URL counts 23, " +
      'CJK characters and emoji count 2. The finding covers the part that does not fit. Cut it, or split the answer ' +
      'into a short public reply and a follow-up.',
  },
  check(ctx, options) {
    const limit = typeof options.limit === 'number' && options.limit > 0 ? options.limit : LIMIT;
    const draft = ctx.request.draft;
    // Weighted length is at most 2 per UTF-16 unit except URLs (23): a short draft without a dot cannot overflow.
    if (draft.length * 2 <= limit && !draft.includes('.')) return [];
    const parsed = ctx.analysis.parsed;
    if (parsed.weightedLength <= limit) return [];
    let start = limit === LIMIT ? parsed.validRangeEnd + 1 : draft.length;
    if (limit !== LIMIT) {
      // custom limit: find the first UTF-16 offset whose prefix overflows
      let lo = 0;
      let hi = draft.length;
      const w = (n: number) => twitter.parseTweet(draft.slice(0, n)).weightedLength;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (w(mid + 1) > limit) hi = mid;
        else lo = mid + 1;
      }
      start = lo;
    }
    start = Math.max(0, Math.min(start, draft.length));
    // do not split a surrogate pair
    if (start > 0 && start < draft.length && /[\uDC00-\uDFFF]/.test(draft[start] ?? '')) start--;
    const over = parsed.weightedLength - limit;
    return [
      {
        start,
        end: draft.length,
        message: `${over} character${over === 1 ? '' : 's'} over X's limit: the reply counts ${parsed.weightedLength} of ${limit} (URLs count 23, CJK and emoji 2). The highlighted part will not fit.`,
      },
    ];
  },
  examples: {
    valid: [
      { draft: 'Sorry about the dropped calls in Newark since Monday. We are checking the towers near you now.' },
      { draft: 'x'.repeat(280), note: 'exactly at the limit' },
      { draft: 'Details here: https://example.com/' + 'a'.repeat(300), note: 'a long URL counts 23' },
    ],
    invalid: [
      { draft: 'y'.repeat(280) + 'Z', expect: 'Z' },
      { draft: '日本語'.repeat(50), note: 'CJK counts twice: 150 chars weigh 300' },
      {
        draft:
          'We are so sorry to hear about the trouble you have had with your internet connection over the last few days. ' +
          'We know how frustrating it is to lose service while working from home, and we want to make this right. ' +
          'Our network team is investigating the outage in your area and we will update you here.',
        expect: 'update you here.',
      },
    ],
  },
};
