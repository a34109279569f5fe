/**
 * Trains reply-to-joke's model (lib/lint/rules/joke-model.ts) on iSarcasmEval's TRAIN split only and writes
 * lib/lint/rules/joke-model.json. Never reads the test split.
 *
 *   npx tsx scripts/train-joke-model.ts [--check]     # --check: train, compare with the committed file, write nothing
 *
 * - Examples: the 3,467 train tweets (label: sarcastic) plus each sarcastic tweet's plain rephrase by its author
 *   as a negative (same split; the rephrase stays in its tweet's fold).
 * - Model: logistic regression, hashed word uni/bigrams + character 2-5-grams + the hand features of
 *   joke-features.ts (jokeFeatures()), trained by AdaGrad with L2, a fixed seed and order: deterministic.
 * - Model selection by 5-fold cross-validation on the train split: the hyper-parameters with the best
 *   out-of-fold F1, and the decision threshold that maximises out-of-fold F1 (text only: no addressing).
 * - Weights quantised to int8 (scale = max |w| / 127), stored as base64.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { DEFAULT_FEATURES, encodeBase64, jokeFeatures, type FeatureOptions, type JokeModelFile } from '../lib/lint/rules/joke-model';
import { rng } from './bench/stats';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const trainFile = resolve(root, '../shared/data/sarcasm/isarcasmeval_train.En.csv');
const outFile = join(root, 'lib/lint/rules/joke-model.json');
const check = process.argv.includes('--check');

interface Example {
  text: string;
  y: 0 | 1;
  /** Index of the tweet it belongs to (a rephrase shares its tweet's group). */
  group: number;
  /** Scored in cross-validation (tweets only, not rephrases). */
  scored: boolean;
}

const mulberry32 = rng;

function shuffled<T>(xs: T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function load(withRephrases: boolean): Example[] {
  const rows = Papa.parse<Record<string, string>>(readFileSync(trainFile, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const out: Example[] = [];
  rows.forEach((r, i) => {
    const text = r.tweet;
    if (!text || r.sarcastic === undefined) return;
    const y = r.sarcastic.trim() === '1' ? 1 : 0;
    out.push({ text, y, group: i, scored: true });
    const re = (r.rephrase ?? '').trim();
    if (withRephrases && y === 1 && re) out.push({ text: re, y: 0, group: i, scored: false });
  });
  return out;
}

type Sparse = { idx: Int32Array; val: Float32Array };

function vectorise(text: string, opts: FeatureOptions): Sparse {
  const m = new Map<number, number>();
  jokeFeatures(text, opts, (i, v) => m.set(i, (m.get(i) ?? 0) + v));
  const idx = Int32Array.from(m.keys());
  const val = Float32Array.from(m.values());
  return { idx, val };
}

interface Hyper {
  lambda: number;
  epochs: number;
  lr: number;
  /** Weight of positive examples (the split is 25% sarcastic). */
  posWeight: number;
}

function train(xs: Sparse[], ys: number[], dim: number, h: Hyper, seed: number): { w: Float64Array; b: number } {
  const w = new Float64Array(dim);
  const g2 = new Float64Array(dim).fill(1e-8);
  let b = 0, gb2 = 1e-8;
  const rand = mulberry32(seed);
  const order = xs.map((_, i) => i);
  for (let e = 0; e < h.epochs; e++) {
    for (const i of shuffled(order, rand)) {
      const x = xs[i]!;
      let z = b;
      for (let k = 0; k < x.idx.length; k++) z += w[x.idx[k]!]! * x.val[k]!;
      const p = 1 / (1 + Math.exp(-z));
      const y = ys[i]!;
      const cw = y === 1 ? h.posWeight : 1;
      const g = (p - y) * cw;
      for (let k = 0; k < x.idx.length; k++) {
        const j = x.idx[k]!;
        const gj = g * x.val[k]! + h.lambda * w[j]!;
        g2[j]! += gj * gj;
        w[j]! -= (h.lr * gj) / Math.sqrt(g2[j]!);
      }
      gb2 += g * g;
      b -= (h.lr * g) / Math.sqrt(gb2);
    }
  }
  return { w, b };
}

const logit = (m: { w: ArrayLike<number>; b: number }, x: Sparse) => {
  let z = m.b;
  for (let k = 0; k < x.idx.length; k++) z += m.w[x.idx[k]!]! * x.val[k]!;
  return z;
};

function f1(tp: number, fp: number, fn: number): number {
  const p = tp / (tp + fp || 1), r = tp / (tp + fn || 1);
  return (2 * p * r) / (p + r || 1);
}

/** The logit threshold t that maximises out-of-fold F1, and that F1. */
function bestOffset(items: Array<{ z: number; y: number; text: string }>): { t: number; f1: number } {
  let best = { t: 0, f1: -1 };
  for (let t = -3; t <= 3.001; t += 0.05) {
    let tp = 0, fp = 0, fn = 0;
    for (const it of items) {
      const hit = it.z >= t;
      if (hit && it.y) tp++;
      else if (hit) fp++;
      else if (it.y) fn++;
    }
    const f = f1(tp, fp, fn);
    if (f > best.f1 + 1e-9) best = { t: Math.round(t * 100) / 100, f1: f };
  }
  return best;
}

function crossValidate(ex: Example[], opts: FeatureOptions, h: Hyper, folds = 5) {
  const xs = ex.map((e) => vectorise(e.text, opts));
  const groups = [...new Set(ex.map((e) => e.group))];
  const foldOf = new Map<number, number>();
  shuffled(groups, mulberry32(7)).forEach((g, i) => foldOf.set(g, i % folds));
  const oof: Array<{ z: number; y: number; text: string }> = [];
  for (let f = 0; f < folds; f++) {
    const tr = ex.map((_, i) => i).filter((i) => foldOf.get(ex[i]!.group) !== f);
    const m = train(tr.map((i) => xs[i]!), tr.map((i) => ex[i]!.y), 1 << opts.bits, h, 1000 + f);
    ex.forEach((e, i) => {
      if (e.scored && foldOf.get(e.group) === f) oof.push({ z: logit(m, xs[i]!), y: e.y, text: e.text });
    });
  }
  return { ...bestOffset(oof), xs };
}

const grid: Array<{ opts: FeatureOptions; h: Hyper; rephrases: boolean }> = [];
for (const rephrases of [false, true])
  for (const ngramScale of [1, 0.5])
    for (const lambda of [1e-3, 1e-2])
      grid.push({ opts: { ...DEFAULT_FEATURES, ngramScale }, h: { lambda, epochs: 3, lr: 0.1, posWeight: 1 }, rephrases });

const t0 = Date.now();
let best: { cfg: (typeof grid)[number]; t: number; f1: number } | null = null;
for (const cfg of grid) {
  const ex = load(cfg.rephrases);
  const cv = crossValidate(ex, cfg.opts, cfg.h);
  console.log(`cv F1 ${cv.f1.toFixed(3)} (offset ${cv.t}) rephrases=${cfg.rephrases} ${JSON.stringify(cfg.opts)} ${JSON.stringify(cfg.h)}`);
  if (!best || cv.f1 > best.f1 + 1e-9) best = { cfg, t: cv.t, f1: cv.f1 };
}
const { cfg } = best!;
const ex = load(cfg.rephrases);
const xs = ex.map((e) => vectorise(e.text, cfg.opts));
const m = train(xs, ex.map((e) => e.y), 1 << cfg.opts.bits, cfg.h, 42);
let maxAbs = 0;
for (const v of m.w) maxAbs = Math.max(maxAbs, Math.abs(v));
const scale = maxAbs / 127 || 1;
const q = new Int8Array(m.w.length);
for (let i = 0; i < q.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(m.w[i]! / scale)));
// The decision threshold as a probability: the model's logit must exceed the CV-chosen offset.
const threshold = 1 / (1 + Math.exp(-best!.t));
const file: JokeModelFile = {
  version: 1,
  bits: cfg.opts.bits,
  scale: Number(scale.toPrecision(8)),
  bias: Number(m.b.toPrecision(8)),
  threshold: Number(threshold.toPrecision(8)),
  weights: encodeBase64(new Uint8Array(q.buffer)),
  trained: {
    by: 'scripts/train-joke-model.ts',
    data: 'iSarcasmEval train split (isarcasmeval_train.En.csv) only' + (cfg.rephrases ? ', with the authors\u2019 rephrases as negatives' : ''),
    features: cfg.opts,
    hyper: cfg.h,
    cvFolds: 5,
    cvF1: Number(best!.f1.toFixed(3)),
  },
};
const json = JSON.stringify(file, null, 1) + '\n';
console.log(`chosen: cv F1 ${best!.f1.toFixed(3)}, threshold p=${file.threshold.toFixed(3)}, ${json.length} bytes, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
if (check) {
  const same = readFileSync(outFile, 'utf8') === json;
  console.log(same ? 'joke-model.json is what the script produces' : 'joke-model.json DIFFERS from what the script produces');
  process.exit(same ? 0 : 1);
}
writeFileSync(outFile, json);
console.log(`wrote ${outFile}`);
