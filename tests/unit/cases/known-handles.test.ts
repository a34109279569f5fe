import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaselintDB } from '../../../lib/cases/db';
import { buildKnownHandles, createKnownHandlesSource, KnownHandles, MIN_BITS } from '../../../lib/cases/known-handles';
import { CaseStore } from '../../../lib/cases/store';
import { handleKey } from '../../../lib/cases/types';

const handleArb = fc.stringMatching(/^[a-z0-9_]{1,15}$/);

describe('KnownHandles (Bloom filter over handle keys)', () => {
  it('never says "no" for a key it holds (property, random handle sets), also after a JSON round trip', () => {
    fc.assert(
      fc.property(fc.uniqueArray(handleArb, { maxLength: 400 }), (keys) => {
        const f = buildKnownHandles(keys);
        const back = KnownHandles.fromJSON(JSON.parse(JSON.stringify(f)));
        for (const k of keys) {
          if (!f.mightContain(k) || !back.mightContain(k)) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('says "no" to all but ~1% of strangers: false-positive rate under 2% on 100,000 non-members', () => {
    const members = new Set<string>();
    for (let i = 0; members.size < 20_000; i++) members.add(`cust_${(i * 2654435761) % 1e9}`);
    const f = buildKnownHandles(members);
    let fp = 0;
    let tried = 0;
    for (let i = 0; tried < 100_000; i++) {
      const key = `stranger${i.toString(36)}`;
      if (members.has(key)) continue;
      tried++;
      if (f.mightContain(key)) fp++;
    }
    const rate = fp / tried;
    expect(rate).toBeLessThan(0.02);
    // Not vacuous: a filter that answered "no" to everything would fail the property above; one that answered
    // "yes" to everything fails here.
    expect(f.m / members.size).toBeGreaterThan(9.5);
  });

  it('is about 9.6 bits per key (~120 KB at 100,000 keys), never under 1,024 bits', () => {
    expect(buildKnownHandles([]).m).toBe(MIN_BITS);
    expect(KnownHandles.create(100_000).m / 8).toBe(120_000);
    const empty = buildKnownHandles([]);
    expect(empty.mightContain('anyone')).toBe(false);
  });

  it('round-trips through JSON exactly', () => {
    const f = buildKnownHandles(['janedoe', 'dana_w', 'old_handle']);
    const json = f.toJSON();
    expect(json).toMatchObject({ v: 1, m: MIN_BITS, k: 7, n: 3 });
    expect(typeof json.bits).toBe('string');
    const back = KnownHandles.fromJSON(structuredClone(json));
    expect(back.toJSON()).toEqual(json);
    expect(back.mightContain('janedoe')).toBe(true);
  });

  it('refuses corrupt JSON with an error naming what is wrong', () => {
    const good = buildKnownHandles(['janedoe', 'dana_w']).toJSON();
    const cases: Array<[unknown, RegExp]> = [
      [null, /invalid known-handles filter/],
      [{ ...good, v: 2 }, /v: only version 1/],
      [{ ...good, m: 2048 }, /bits: 128 bytes, but m = 2048 bits needs 256/],
      [{ ...good, m: 1000 }, /m: m must be at least 1024/],
      [{ ...good, m: 1056.5 }, /m: m must be a whole number/],
      [{ ...good, m: 1040 }, /m: m must be a multiple of 32/],
      [{ ...good, k: 0 }, /k: k must be at least 1/],
      [{ ...good, n: -1 }, /n: n must not be negative/],
      [{ ...good, bits: good.bits.slice(0, -8) }, /bits: \d+ bytes, but m = 1024 bits needs 128/],
      [{ ...good, bits: '!!not base64!!' }, /bits: not valid base64/],
      [{ ...good, bits: 42 }, /bits: bits must be a base64 string/],
      [{ ...good, n: 0 }, /bits: \d+ bits set, more than n = 0 keys/],
      [{ ...good, extra: 1 }, /Unrecognized key/i],
    ];
    for (const [json, why] of cases) expect(() => KnownHandles.fromJSON(json), JSON.stringify(json)).toThrow(why);
  });
});

describe('createKnownHandlesSource (the background cache)', () => {
  it('builds from the summaries table primary keys: live customers and old handles; rebuilt only after invalidate()', async () => {
    const db = new CaselintDB(`known-handles-${Math.random()}`);
    const store = new CaseStore(db);
    await store.addNote({ handle: 'JaneDoe', text: 'Refund promised' });
    await store.addNote({ handle: 'OldName', text: 'x' });
    await store.renameCustomer({ from: 'OldName', to: 'NewName' });
    const source = createKnownHandlesSource(async () => (await db.summaries.toCollection().primaryKeys()) as string[]);
    const f = KnownHandles.fromJSON(await source.get());
    for (const h of ['JaneDoe', 'OldName', 'NewName']) expect(f.mightContain(handleKey(h)), h).toBe(true);
    expect(f.n).toBe(3);
    await source.get();
    expect(source.builds).toBe(1);

    await store.addNote({ handle: 'Later', text: 'y' });
    expect(KnownHandles.fromJSON(await source.get()).mightContain('later')).toBe(false); // cached until told
    source.invalidate();
    expect(KnownHandles.fromJSON(await source.get()).mightContain('later')).toBe(true);
    expect(source.builds).toBe(2);
    db.close();
  });

  it('does not keep a build that was running when a write invalidated it, nor a failed one', async () => {
    let release!: (keys: string[]) => void;
    const loads: string[][] = [['a']];
    let calls = 0;
    const source = createKnownHandlesSource(() => {
      calls++;
      if (calls === 1) return new Promise<string[]>((r) => (release = r));
      if (calls === 2) return Promise.reject(new Error('db closed'));
      return Promise.resolve(loads[0]!.concat('b'));
    });
    const first = source.get();
    source.invalidate(); // a write landed while the first build was reading
    release(['a']);
    expect(KnownHandles.fromJSON(await first).mightContain('a')).toBe(true);
    await expect(source.get()).rejects.toThrow('db closed');
    const third = KnownHandles.fromJSON(await source.get());
    expect(third.mightContain('b')).toBe(true);
    expect(calls).toBe(3);
    await source.get();
    expect(calls).toBe(3);
  });
});
