/**
 * Figures for the hostile packs of tests/unit/attacks (README, "Security and privacy"; docs/performance.md):
 * load (check + compile), then ms per lint without a budget and with the composer's budget.
 *   npx tsx scripts/bench/pack-attacks.ts
 */
import { createLinter, PACK_BUDGET_MS } from '../../lib/lint/engine';
import { loadPack } from '../../lib/packs';
import { SLOW_DRAFT, slowPack4k, slowPackLarge } from '../../tests/unit/attacks/pack-fixtures';
import { loadGeneratedPack } from './pack500';

const req = (draft: string) => ({ brand: ['acme'], tweet: { author: 'jo', text: '@acme hi', inReplyTo: 'acme' }, draft });

function run(name: string, text: string, lints: number) {
  const t0 = performance.now();
  const r = loadPack(text, { filename: `${name}.json` });
  const load = performance.now() - t0;
  if (!r.ok) throw new Error(`${name} did not load: ${r.errors[0]?.message}`);
  for (const budget of [false, true]) {
    const disabled = new Map<string, string>();
    const linter = createLinter({
      builtins: false,
      extraRules: r.compiled.rules.map((x) => ({ rule: x.rule, source: x.source })),
      ...(budget ? { budget: { ms: PACK_BUDGET_MS, disabled } } : {}),
    });
    const times: number[] = [];
    for (let i = 0; i < lints; i++) {
      const t = performance.now();
      linter.lint(req(SLOW_DRAFT + ' '.repeat(i)));
      times.push(performance.now() - t);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `${name.padEnd(12)} ${String(Math.round(text.length / 1024)).padStart(4)} KB  check+compile ${load.toFixed(0).padStart(5)} ms  ` +
        `${budget ? `budget ${PACK_BUDGET_MS} ms` : 'no budget   '}  first lint ${times[0]!.toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms` +
        (budget ? `, ${disabled.size} rule(s) turned off` : ''),
    );
  }
}

run('hostile-4k', slowPack4k(), 20);
run('hostile-250k', slowPackLarge(), 3);
const p500 = loadGeneratedPack();
console.log(`bench-500 (${Math.round(p500.chars / 1024)} KB): see npm run bench; loaded here for check+compile:`);
const t = performance.now();
loadGeneratedPack();
console.log(`  check+compile again in the same page (pattern cache warm): ${(performance.now() - t).toFixed(0)} ms`);
