/**
 * Known handles: a Bloom filter over every handle key the case store knows, so the content script never asks the
 * background about a stranger (most authors on an agent's timeline).
 *
 * What it holds: the primary keys of the `summaries` table (v3 schema, lib/cases/db.ts): live customers' keys and
 * every old (merged or renamed) handle's pointer row. `mightContain(key)` is conservative: false means the store
 * has definitely no row for that key, so its lookup would answer "no history"; true means "maybe" (about 1% of
 * strangers are false positives and are looked up as before).
 *
 * Privacy: the content script on x.com holds only this bit array (~9.6 bits per key, ~120 KB at 100,000 customers,
 * ~160 KB as the base64 it travels as). Handles cannot be read back from it; a page script cannot reach the content
 * script's isolated world anyway, and whoever can could only test guesses one by one, with ~1% false "maybe"s.
 *
 * Pure (no DOM, no browser API): built by the background from Dexie's primary keys (`createKnownHandlesSource`
 * caches it until the next write), sent as JSON over the summaries port, validated again by `fromJSON` on arrival:
 * a filter whose sizes do not add up is refused with an error, never used (a broken filter could say "no" wrongly).
 */
import { z } from 'zod';

/** Bits per key for ~1% false positives (optimal k = 9.6 * ln 2 ~ 6.6 -> 7 probes). */
export const BITS_PER_KEY = 9.6;
export const PROBES = 7;
export const MIN_BITS = 1024;
/** 2^30 bits (128 MiB): far beyond any store (100 million keys); a bigger `m` in JSON is corrupt. */
export const MAX_BITS = 2 ** 30;

export interface KnownHandlesJSON {
  v: 1;
  /** Number of bits (a multiple of 32, at least MIN_BITS). */
  m: number;
  /** Probes per key. */
  k: number;
  /** Keys added. */
  n: number;
  /** The bit array (little-endian 32-bit words) as base64: exactly m / 8 bytes. */
  bits: string;
}

/** FNV-1a over the string's UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A murmur3-style hash (different seed and mixing from FNV-1a), one code unit per step, with murmur3's finaliser. */
function murmurish(s: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    let c = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    c = (c << 15) | (c >>> 17);
    c = Math.imul(c, 0x1b873593);
    h ^= c;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= s.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Bits for `n` keys: ~9.6 per key, at least MIN_BITS, rounded up to whole 32-bit words. */
export function bitsFor(n: number): number {
  const want = Math.max(MIN_BITS, Math.ceil(Math.max(0, n) * BITS_PER_KEY));
  return Math.min(MAX_BITS, Math.ceil(want / 32) * 32);
}

export class KnownHandles {
  /** Keys added (an upper bound on distinct keys: adding one twice counts twice). */
  private count: number;

  private constructor(
    private readonly words: Uint32Array,
    readonly m: number,
    readonly k: number,
    n: number,
  ) {
    this.count = n;
  }

  /** An empty filter sized for `expected` keys. */
  static create(expected: number): KnownHandles {
    const m = bitsFor(expected);
    return new KnownHandles(new Uint32Array(m / 32), m, PROBES, 0);
  }

  get n(): number {
    return this.count;
  }

  add(key: string): void {
    const h1 = fnv1a(key);
    const h2 = (murmurish(key) | 1) >>> 0;
    for (let i = 0; i < this.k; i++) {
      // h1 + i * h2 < 2^35: exact in a double, no 32-bit wrap-around needed.
      const bit = (h1 + i * h2) % this.m;
      this.words[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.count++;
  }

  /** False: the key was never added. True: it may have been (~1% of never-added keys at the design load). */
  mightContain(key: string): boolean {
    const h1 = fnv1a(key);
    const h2 = (murmurish(key) | 1) >>> 0;
    for (let i = 0; i < this.k; i++) {
      const bit = (h1 + i * h2) % this.m;
      if ((this.words[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  toJSON(): KnownHandlesJSON {
    return { v: 1, m: this.m, k: this.k, n: this.count, bits: toBase64(new Uint8Array(this.words.buffer, this.words.byteOffset, this.words.byteLength)) };
  }

  /**
   * A filter from its JSON, checked: wrong version, sizes that do not match the bit array, bad base64 or more bits
   * set than `n` keys could set throw an Error naming the field. Never returns a filter that could say "no" wrongly
   * because its shape was misread.
   */
  static fromJSON(json: unknown): KnownHandles {
    const parsed = jsonSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(`Caselint: invalid known-handles filter: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'filter'}: ${i.message}`).join('; ')}`);
    }
    const { m, k, n, bits } = parsed.data;
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(bits);
    } catch {
      throw new Error('Caselint: invalid known-handles filter: bits: not valid base64');
    }
    if (bytes.length !== m / 8) throw new Error(`Caselint: invalid known-handles filter: bits: ${bytes.length} bytes, but m = ${m} bits needs ${m / 8}`);
    const words = new Uint32Array(m / 32);
    new Uint8Array(words.buffer).set(bytes);
    let set = 0;
    for (let i = 0; i < words.length; i++) set += popcount(words[i]!);
    if (set > n * k) throw new Error(`Caselint: invalid known-handles filter: bits: ${set} bits set, more than n = ${n} keys with k = ${k} probes can set`);
    return new KnownHandles(words, m, k, n);
  }
}

const jsonSchema = z.strictObject({
  v: z.literal(1, 'only version 1 is known'),
  m: z
    .number()
    .int('m must be a whole number of bits')
    .min(MIN_BITS, `m must be at least ${MIN_BITS} bits`)
    .max(MAX_BITS, `m must be at most ${MAX_BITS} bits`)
    .refine((m) => m % 32 === 0, 'm must be a multiple of 32'),
  k: z.number().int('k must be a whole number').min(1, 'k must be at least 1').max(32, 'k must be at most 32'),
  n: z.number().int('n must be a whole number').nonnegative('n must not be negative').max(Number.MAX_SAFE_INTEGER),
  bits: z.string('bits must be a base64 string').max(Math.ceil(MAX_BITS / 8 / 3) * 4 + 4, 'bits is too long'),
});

/** A filter holding every key of `keys`, sized for them. */
export function buildKnownHandles(keys: Iterable<string>): KnownHandles {
  const list = Array.isArray(keys) ? (keys as string[]) : [...keys];
  const f = KnownHandles.create(list.length);
  for (const key of list) f.add(key);
  return f;
}

/**
 * The background's cached filter: built from `loadKeys` (the summaries table's primary keys) on first use, kept
 * until `invalidate()` (called on every write, where `casesChanged` is broadcast). A build that was running when a
 * write came in answers its own caller but is not kept: the next caller gets a build started after the write.
 */
export function createKnownHandlesSource(loadKeys: () => Promise<Iterable<string>>): {
  get(): Promise<KnownHandlesJSON>;
  invalidate(): void;
  /** Builds done (tests). */
  readonly builds: number;
} {
  let generation = 0;
  let cached: { generation: number; json: Promise<KnownHandlesJSON> } | null = null;
  let builds = 0;
  return {
    get() {
      if (cached && cached.generation === generation) return cached.json;
      const mine = generation;
      builds++;
      const json = loadKeys().then((keys) => buildKnownHandles(keys).toJSON());
      const entry = { generation: mine, json };
      cached = entry;
      json.catch(() => {
        if (cached === entry) cached = null; // a failed build is not kept
      });
      return json;
    },
    invalidate() {
      generation++;
      cached = null;
    },
    get builds() {
      return builds;
    },
  };
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
