/**
 * The learned part of `reply-to-joke`: logistic regression over hashed word and character n-grams of a tweet
 * plus the hand-written features of joke-features.ts. Trained by `scripts/train-joke-model.ts` on iSarcasmEval's
 * train split only; the weights are the data file `joke-model.json` beside this file (int8, base64). The same
 * `jokeFeatures()` is used for training and here, so the two cannot drift apart.
 *
 * Pure: no DOM. About 20-40 µs per tweet (one pass of hashing, no strings built per n-gram).
 */
import { jokeTextScore } from './joke-features';
import modelData from './joke-model.json';

export interface JokeModelFile {
  /** Format version; the trainer and this file must agree. */
  version: 1;
  /** log2 of the number of hashed buckets. */
  bits: number;
  /** Weight of bucket i is (int8 at i) * scale. */
  scale: number;
  bias: number;
  /** Decision threshold on the probability, chosen by cross-validation on the train split. */
  threshold: number;
  /** Base64 of the int8 weights (2^bits bytes). */
  weights: string;
  /** How it was trained (for people): data, features, hyper-parameters, cross-validated figures. */
  trained: Record<string, unknown>;
}

/** Feature options; the trainer searches over them and writes the chosen ones into `trained.features`. */
export interface FeatureOptions {
  bits: number;
  /** Character n-gram lengths, e.g. [2, 5]. */
  charMin: number;
  charMax: number;
  /** Word bigrams as well as unigrams. */
  wordBigrams: boolean;
  /** Weight of the n-gram groups against the hand features (below 1: the n-grams are regularised harder). */
  ngramScale: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { bits: 16, charMin: 2, charMax: 5, wordBigrams: true, ngramScale: 1 };

/** The text as the model sees it: entities decoded, lower case, URLs, handles and digits folded. */
export function normaliseForModel(raw: string): string {
  return raw
    .replace(/&amp;/g, '&')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/https?:\/\/\S+/g, ' http ')
    .replace(/@\w+/g, '@u')
    .replace(/\d/g, '0')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const WORD_RE = /[\p{L}\p{N}'’#@]+|[^\s\p{L}\p{N}]/gu;

/** FNV-1a over a seed and the UTF-16 units of s[start, end). */
function fnv(seed: number, s: string, start: number, end: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Hashed feature indices of a text (with repeats: a bucket hit twice appears twice) and the hand-written
 * features. Calls `emit(index, value)` for each.
 */
export function jokeFeatures(raw: string, opts: FeatureOptions, emit: (index: number, value: number) => void): void {
  const mask = (1 << opts.bits) - 1;
  const text = normaliseForModel(raw);
  // Character n-grams over the whole normalised text padded with spaces.
  const padded = ` ${text} `;
  const grams: number[] = [];
  for (let n = opts.charMin; n <= opts.charMax; n++) {
    for (let i = 0; i + n <= padded.length; i++) grams.push(fnv(n, padded, i, i + n) & mask);
  }
  // Words and word bigrams.
  const words = text.match(WORD_RE) ?? [];
  const wordIdx: number[] = [];
  let prev = '<s>';
  for (const w of words) {
    wordIdx.push(fnv(101, w, 0, w.length) & mask);
    if (opts.wordBigrams) {
      const b = `${prev} ${w}`;
      wordIdx.push(fnv(102, b, 0, b.length) & mask);
    }
    prev = w;
  }
  if (opts.wordBigrams) {
    const b = `${prev} </s>`;
    wordIdx.push(fnv(102, b, 0, b.length) & mask);
  }
  // Each group L2-normalised so that long tweets do not dominate.
  const cn = opts.ngramScale / Math.sqrt(grams.length || 1);
  for (const g of grams) emit(g, cn);
  const wn = opts.ngramScale / Math.sqrt(wordIdx.length || 1);
  for (const g of wordIdx) emit(g, wn);
  // Hand-written features: each fired feature, and the total score.
  const hand = jokeTextScore(raw);
  for (const r of hand.reasons) emit(fnv(103, r, 0, r.length) & mask, 1);
  emit(fnv(104, 'score', 0, 5) & mask, Math.max(-2, Math.min(4, hand.score)) / 2);
  emit(fnv(104, 'len', 0, 3) & mask, Math.min(1, words.length / 40));
}

/** Decoded weights of a model file. */
export interface JokeModel {
  file: JokeModelFile;
  opts: FeatureOptions;
  weights: Float32Array;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function decodeBase64(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0, acc = 0, o = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = B64.indexOf(clean[i]!);
    if (v < 0) throw new Error(`joke-model.json: weights: not base64 at character ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!, b = bytes[i + 1] ?? 0, c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=') + (i + 2 < bytes.length ? B64[n & 63]! : '=');
  }
  return out;
}

export function loadJokeModel(file: JokeModelFile): JokeModel {
  if (file.version !== 1) throw new Error(`joke-model.json: version ${String(file.version)} is not 1`);
  const bytes = decodeBase64(file.weights);
  if (bytes.length !== 1 << file.bits) throw new Error(`joke-model.json: weights hold ${bytes.length} bytes, expected 2^${file.bits}`);
  const weights = new Float32Array(bytes.length);
  const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < signed.length; i++) weights[i] = signed[i]! * file.scale;
  const f = (file.trained.features ?? {}) as Partial<FeatureOptions>;
  const opts: FeatureOptions = { ...DEFAULT_FEATURES, ...f, bits: file.bits };
  return { file, opts, weights };
}

/** Log-odds that the text is sarcastic or a joke, by a model. */
export function jokeLogit(model: Pick<JokeModel, 'opts' | 'weights'> & { bias: number }, text: string): number {
  let z = model.bias;
  const w = model.weights;
  jokeFeatures(text, model.opts, (i, v) => {
    z += w[i]! * v;
  });
  return z;
}

let shipped: (JokeModel & { bias: number; logitThreshold: number }) | null = null;

/** The shipped model, decoded on first use. */
export function shippedJokeModel(): JokeModel & { bias: number; logitThreshold: number } {
  if (!shipped) {
    const m = loadJokeModel(modelData as JokeModelFile);
    const t = m.file.threshold;
    shipped = { ...m, bias: m.file.bias, logitThreshold: Math.log(t / (1 - t)) };
  }
  return shipped;
}

/**
 * How far the shipped model's log-odds lie above its decision threshold (> 0: reads as sarcasm or a joke).
 */
export function jokeModelMargin(text: string): number {
  const m = shippedJokeModel();
  return jokeLogit(m, text) - m.logitThreshold;
}
