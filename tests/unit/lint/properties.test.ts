import fc from 'fast-check';
import { createLinter } from '../../../lib/lint';
import type { LintRequest } from '../../../lib/lint';

const linter = createLinter();
const handle = fc.stringMatching(/^[A-Za-z0-9_]{1,15}$/);
const text = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom('Call 1-888-555-0101 now', 'You should have read it', 'DM us', '日本語😂'.repeat(60), 'https://x.co/' + 'a'.repeat(300)),
);
const request: fc.Arbitrary<LintRequest> = fc.record({
  brand: fc.array(handle, { minLength: 1, maxLength: 3 }),
  tweet: fc.record({ author: handle, text, inReplyTo: fc.option(handle) }),
  thread: fc.array(fc.record({ author: handle, text }), { maxLength: 3 }),
  history: fc.record({ replies: fc.array(fc.record({ text }), { maxLength: 2 }), notes: fc.array(text, { maxLength: 2 }) }),
  draft: text,
});

describe('lint properties', () => {
  it('never throws and every range lies within the draft', () => {
    fc.assert(
      fc.property(request, (req) => {
        for (const f of linter.lint(req)) {
          expect(f.start).toBeGreaterThanOrEqual(0);
          expect(f.end).toBeLessThanOrEqual(req.draft.length);
          expect(f.start).toBeLessThanOrEqual(f.end);
          expect(f.message.length).toBeGreaterThan(0);
          for (const s of f.suggestions ?? []) expect(s.end).toBeLessThanOrEqual(req.draft.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('findings come sorted by start', () => {
    fc.assert(
      fc.property(request, (req) => {
        const starts = linter.lint(req).map((f) => f.start);
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });

  it('too-long flags exactly the drafts X would refuse', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z ]{200,320}$/), (draft) => {
        const over = linter.lint({ brand: ['b'], tweet: { author: 'c', text: '' }, draft }).some((f) => f.rule === 'too-long');
        expect(over).toBe(draft.length > 280); // letters and spaces weigh 1 each
      }),
      { numRuns: 100, examples: [['a'.repeat(280)], ['a'.repeat(281)]] },
    );
  });
});
