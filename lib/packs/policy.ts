/**
 * Pack URL checks and the organisation's managed policy: plain functions with no imports, kept apart from the pack
 * engine (YAML, zod schemas, re2js) so the content script's initial bundle can read the policy's team handles
 * without pulling the engine in (the engine is injected on the first composer focus, entrypoints/lint-engine.ts).
 */

/** Why this is not an acceptable pack URL (https only, no credentials), or null when it is. */
export function checkHttpsUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (u.protocol !== 'https:') return `only https:// pack URLs are allowed (got ${u.protocol}//)`;
  if (u.username || u.password) return 'pack URLs must not contain a user name or password';
  return null;
}

/** What organisations push through browser policy (`storage.managed`), see public/managed-schema.json. */
export interface ManagedPolicy {
  packUrls: string[];
  teamHandles: string[];
}

export function parseManagedPolicy(raw: unknown): ManagedPolicy {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return { packUrls: strings(o.packUrls).filter((u) => checkHttpsUrl(u) === null), teamHandles: strings(o.teamHandles) };
}

