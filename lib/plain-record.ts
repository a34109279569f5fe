/**
 * Records whose keys come from input (pack settings, swap phrases, rule options, stored settings): validated
 * key by key into null-prototype objects, so `__proto__`, `constructor`, `toString` or `hasOwnProperty` are
 * plain keys like any other and never reach Object.prototype. (zod's own record silently drops `__proto__` and
 * returns an ordinary object, on which `settings["constructor"]` is the Object function.) Pure.
 */
import { z } from 'zod';

export function plainRecord<V extends z.ZodType>(key: z.ZodType<string>, value: V, opts: { max?: number; what?: string } = {}) {
  return z.unknown().optional().transform((input, ctx): Record<string, z.output<V>> => {
    const out = Object.create(null) as Record<string, z.output<V>>;
    if (input === undefined) return out;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: `expected an object${opts.what ? ` of ${opts.what}` : ''}` });
      return z.NEVER;
    }
    const keys = Object.keys(input);
    if (opts.max !== undefined && keys.length > opts.max) {
      ctx.addIssue({ code: 'custom', message: `at most ${opts.max} entries (this has ${keys.length})` });
      return z.NEVER;
    }
    let ok = true;
    for (const k of keys) {
      const kr = key.safeParse(k);
      if (!kr.success) {
        ok = false;
        for (const iss of kr.error.issues) ctx.addIssue({ code: 'custom', path: [k], message: `key ${JSON.stringify(k)}: ${iss.message}` });
        continue;
      }
      const vr = value.safeParse((input as Record<string, unknown>)[k]);
      if (!vr.success) {
        ok = false;
        for (const iss of vr.error.issues) ctx.addIssue({ code: 'custom', path: [k, ...iss.path.filter((p): p is string | number => typeof p !== 'symbol')], message: iss.message });
        continue;
      }
      Object.defineProperty(out, kr.data, { value: vr.data, enumerable: true, writable: true, configurable: true });
    }
    return ok ? out : z.NEVER;
  });
}

/** Own-key lookup that never reads Object.prototype. */
export function own<T>(record: Record<string, T> | undefined | null, key: string): T | undefined {
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
