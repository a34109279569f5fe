/**
 * Ad-hoc probe (not part of `npm run bench`): the 500-tweet timeline run on a build, each round followed by the
 * floor extension's run, for before/after comparisons of an annotation change.
 *   npx tsx scripts/bench/probe-timeline.mts [EXTENSION_DIR=.output/chrome-mv3] [ROUNDS=2]
 * CASELINT_DEBUG_LONGTASKS=1 prints each long task counted as caused by the content script, with our spans in it.
 */
import { resolve } from 'node:path';
import { probeTimeline } from './annotate.ts';

const root = resolve(import.meta.dirname, '../..');
await probeTimeline(root, resolve(process.argv[2] ?? '.output/chrome-mv3'), Number(process.argv[3] ?? 2));
