/**
 * Hostile packs that pass `pack check` and `pack test`, for the attack tests and `scripts/bench/pack-attacks.ts`.
 * Each pattern is built so that a whole-word match found left to right keeps failing its boundary check: greedy
 * `a[a-z ]*b` runs to the last "b" of the draft, which sits inside the word "bc".
 */
export const SLOW_DRAFT = `${'ab '.repeat(90)}bc`;

function slowPattern(i: number): string {
  return `a[a-z ]*b(?:q${i})?`;
}

function slowRule(id: string, patterns: string[]) {
  return {
    id,
    type: 'existence',
    severity: 'warning',
    message: 'slow {{match}}',
    patterns,
    examples: { valid: ['fine'], invalid: ['ab'] },
  };
}

/** About 4 KB: one rule with 200 patterns. */
export function slowPack4k(): string {
  const patterns = Array.from({ length: 200 }, (_, i) => slowPattern(i));
  return JSON.stringify({ name: 'slow-small', version: '1.0.0', description: 'hostile', rules: [slowRule('slow', patterns)] });
}

/** Close to the 256 KB limit: rules of 200 patterns each until the text is about `chars` long. */
export function slowPackLarge(chars = 250 * 1024): string {
  const rules: unknown[] = [];
  let n = 0;
  const head = { name: 'slow-large', version: '1.0.0', description: 'hostile' };
  for (;;) {
    const patterns = Array.from({ length: 200 }, () => slowPattern(n++));
    const next = [...rules, slowRule(`slow-${rules.length}`, patterns)];
    if (JSON.stringify({ ...head, rules: next }).length > chars) break;
    rules.push(next.at(-1));
  }
  // Fill the rest with one smaller rule.
  const patterns: string[] = [];
  for (;;) {
    const p = [...patterns, slowPattern(n++)];
    if (JSON.stringify({ ...head, rules: [...rules, slowRule('slow-last', p)] }).length > chars) break;
    patterns.push(p.at(-1)!);
  }
  if (patterns.length) rules.push(slowRule('slow-last', patterns));
  return JSON.stringify({ ...head, rules });
}
