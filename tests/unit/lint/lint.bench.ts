// Run with: npx vitest bench tests/unit/lint --run   (target: p95 well under 1 ms for a 280-char draft)
import { bench } from 'vitest';
import { createLinter } from '../../../lib/lint';

const linter = createLinter();
const tweet = { author: 'ann', text: '@brand my internet has been down since Monday in Newark, account 55512345', inReplyTo: 'brand' };
const history = { details: [{ kind: 'phone' as const, value: '555-201-3344' }], replies: [{ text: 'Sorry about the outage, we are checking.' }] };
const base = 'Sorry the internet is still down in Newark. Please call 1-888-555-0101 or DM us your account number so we can check the line, you should have had a tech visit by now. ';
const draft = (base + base).slice(0, 280);
let i = 0;
bench('lint a 280-char draft, all built-in rules (warm context)', () => {
  linter.lint({ brand: ['brand'], tweet, history, draft: draft.slice(0, 270 + (i++ % 10)) });
});
