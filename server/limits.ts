// Small in-memory helpers with bounded memory: failed-attempt limiting per IP, a TTL cache, a rate window.

/** Counts failures per key in a fixed window; at most `maxKeys` keys are kept (the oldest are dropped first). */
export class FailureLimiter {
  private readonly entries = new Map<string, { n: number; resetAt: number }>();
  constructor(
    private readonly maxFailures: number,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  blocked(key: string): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    if (e.resetAt <= this.now()) {
      this.entries.delete(key);
      return false;
    }
    return e.n >= this.maxFailures;
  }

  fail(key: string): void {
    const t = this.now();
    const e = this.entries.get(key);
    if (e && e.resetAt > t) {
      e.n++;
      return;
    }
    this.entries.delete(key);
    while (this.entries.size >= this.maxKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { n: 1, resetAt: t + this.windowMs });
  }

  get size(): number {
    return this.entries.size;
  }
}

export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    while (this.entries.size >= this.maxKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
  }

  deleteWhere(pred: (v: V) => boolean): void {
    for (const [k, e] of this.entries) if (pred(e.value)) this.entries.delete(k);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Events per second over the last `seconds` seconds (one bucket per second). */
export class RateWindow {
  private readonly buckets: number[];
  private readonly stamps: number[];
  constructor(
    private readonly seconds = 10,
    private readonly now: () => number = Date.now,
  ) {
    this.buckets = new Array<number>(seconds).fill(0);
    this.stamps = new Array<number>(seconds).fill(-1);
  }

  add(n = 1): void {
    const s = Math.floor(this.now() / 1000);
    const i = s % this.seconds;
    if (this.stamps[i] !== s) {
      this.stamps[i] = s;
      this.buckets[i] = 0;
    }
    this.buckets[i]! += n;
  }

  perSecond(): number {
    const s = Math.floor(this.now() / 1000);
    let sum = 0;
    for (let i = 0; i < this.seconds; i++) {
      const stamp = this.stamps[i]!;
      if (stamp > s - this.seconds && stamp <= s) sum += this.buckets[i]!;
    }
    return sum / this.seconds;
  }
}
