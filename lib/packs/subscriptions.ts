/**
 * Installed packs and subscriptions. Pure logic with injected I/O (`fetchFn`, `now`): no browser APIs.
 *
 * An update is applied only when it validates AND its own examples pass; otherwise the last good version stays
 * and `lastError` says why. Pinned subscriptions are never updated. https only, bounded download size.
 *
 * Every request has a deadline (FETCH_TIMEOUT_MS, headers and body together), so a server that never answers
 * cannot hold up later refreshes or the policy's other packs. Redirects are followed by hand (at most
 * MAX_REDIRECTS): each Location is checked before it is requested, so after https -> http the http request is
 * never sent. (A browser's redirect: 'manual' gives an opaque answer without the Location: that is refused
 * with a message to subscribe to the final address.) An update never lowers the installed version unless the
 * agent asks (`allowDowngrade`).
 */
import { runPackExamples } from './examples';
import { formatPackError, loadPack } from './load';
import { LIMITS } from './schema';
import { checkHttpsUrl, type ManagedPolicy } from './policy';

// Small and free of the pack engine, so the content script's initial bundle can use them (./policy.ts).
export { checkHttpsUrl, parseManagedPolicy, type ManagedPolicy } from './policy';

export type PackOrigin = 'file' | 'url' | 'subscription' | 'managed';

export interface InstalledPack {
  /** Stable id: the pack name (one installed pack per name). */
  id: string;
  origin: PackOrigin;
  url: string | null;
  etag: string | null;
  lastModified: string | null;
  pinned: boolean;
  enabled: boolean;
  /** The last good pack text (YAML or JSON). */
  text: string;
  version: string;
  /** Epoch ms of the last check, or null. */
  lastCheckedAt: number | null;
  lastError: string | null;
}

/** The subset of fetch's Response that is used. */
export interface FetchResponse {
  status: number;
  ok: boolean;
  url?: string;
  headers: { get(name: string): string | null };
  body?: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}
export type FetchFn = (
  url: string,
  init?: { headers?: Record<string, string>; redirect?: 'follow' | 'error' | 'manual'; signal?: AbortSignal },
) => Promise<FetchResponse & { type?: string }>;

export const FETCH_TIMEOUT_MS = 15_000;
export const MAX_REDIRECTS = 5;

/** One pack download: manual redirects checked before they are sent, one deadline for headers and body. */
async function fetchPackText(
  url: string,
  headers: Record<string, string>,
  fetchFn: FetchFn,
  timeoutMs: number,
): Promise<{ res: FetchResponse; text: string | null }> {
  const ctl = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctl.abort();
      reject(new FetchPackError(`no answer from ${new URL(url).host} within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        let at = url;
        for (let hop = 0; ; hop++) {
          const res = await fetchFn(at, { headers, redirect: 'manual', signal: ctl.signal });
          if (res.type === 'opaqueredirect' || (res.status === 0 && !res.ok)) {
            throw new FetchPackError(`${at} redirects somewhere Caselint cannot check; subscribe to the final https:// address instead`);
          }
          if (res.status >= 300 && res.status < 400 && res.status !== 304) {
            const loc = res.headers.get('location');
            if (!loc) throw new FetchPackError(`${at} answered HTTP ${res.status} without a Location`);
            let next: string;
            try {
              next = new URL(loc, at).href;
            } catch {
              throw new FetchPackError(`${at} redirected to "${loc}", which is not a URL`);
            }
            if (checkHttpsUrl(next)) throw new FetchPackError(`${at} redirected to a non-https address (${next}); not followed`);
            if (hop + 1 > MAX_REDIRECTS) throw new FetchPackError(`${url} redirected more than ${MAX_REDIRECTS} times`);
            at = next;
            continue;
          }
          if (res.url && checkHttpsUrl(res.url)) throw new FetchPackError(`${url} redirected to a non-https address`);
          if (!res.ok) return { res, text: null };
          return { res, text: await readLimited(res) };
        }
      })(),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** -1, 0, 1 by semver precedence (pre-releases before their release; build metadata ignored). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('+')[0]!.split(/-(.*)/s);
    return { nums: core.split('.').map((n) => Number(n)), pre: pre === undefined ? null : pre.split('.') };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  if (x.pre === null || y.pre === null) return x.pre === y.pre ? 0 : x.pre === null ? 1 : -1;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn && Number(p) !== Number(q)) return Number(p) < Number(q) ? -1 : 1;
    if (pn !== qn) return pn ? -1 : 1;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

export class FetchPackError extends Error {
  override name = 'FetchPackError';
}

/** Read a body, stopping as soon as it exceeds `limit` bytes. */
export async function readLimited(res: FetchResponse, limit: number = LIMITS.downloadBytes): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    throw new FetchPackError(`the pack is ${Math.ceil(declared / 1024)} KB; the limit is ${Math.floor(limit / 1024)} KB`);
  }
  if (res.body && typeof res.body.getReader === 'function') {
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw new FetchPackError(`the pack is larger than the ${Math.floor(limit / 1024)} KB limit`);
      }
      chunks.push(value);
    }
    const all = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.byteLength;
    }
    return new TextDecoder('utf-8', { fatal: false }).decode(all);
  }
  const text = await res.text();
  if (new TextEncoder().encode(text).byteLength > limit) {
    throw new FetchPackError(`the pack is larger than the ${Math.floor(limit / 1024)} KB limit`);
  }
  return text;
}

/** One-off import from a URL: https only, size-limited. Returns the text and caching headers; does not validate. */
export async function fetchPackFromUrl(
  url: string,
  fetchFn: FetchFn,
  opts: { timeoutMs?: number } = {},
): Promise<{ text: string; etag: string | null; lastModified: string | null }> {
  const bad = checkHttpsUrl(url);
  if (bad) throw new FetchPackError(bad);
  let got: { res: FetchResponse; text: string | null };
  try {
    got = await fetchPackText(url, { accept: 'application/yaml, application/json, text/plain;q=0.9' }, fetchFn, opts.timeoutMs ?? FETCH_TIMEOUT_MS);
  } catch (e) {
    if (e instanceof FetchPackError) throw e;
    throw new FetchPackError(`could not fetch ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { res } = got;
  if (got.text === null) throw new FetchPackError(`${url} answered HTTP ${res.status}`);
  const text = got.text;
  return { text, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') };
}

/**
 * Validate text as an installable pack: it must load and pass its own examples.
 * Returns an error message naming the problems, or null.
 */
export function vetPackText(text: string, filename?: string): { ok: true; name: string; version: string } | { ok: false; error: string } {
  const loaded = loadPack(text, { filename });
  if (!loaded.ok) {
    const shown = loaded.errors.slice(0, 5).map((e) => formatPackError(e));
    const more = loaded.errors.length > 5 ? ` (and ${loaded.errors.length - 5} more)` : '';
    return { ok: false, error: `invalid pack: ${shown.join('; ')}${more}` };
  }
  const report = runPackExamples(loaded);
  if (report.failed > 0) {
    const fails = report.results.filter((r) => !r.passed).slice(0, 3).map((r) => `${r.rule}: ${r.message}`);
    return { ok: false, error: `${report.failed} of its examples fail: ${fails.join('; ')}` };
  }
  return { ok: true, name: loaded.pack.name, version: loaded.pack.version };
}

/**
 * Check a subscription for an update. Never throws: problems end up in `lastError` and the last good text stays.
 */
export async function refreshSubscription(
  pack: InstalledPack,
  fetchFn: FetchFn,
  now: number,
  opts: { timeoutMs?: number; allowDowngrade?: boolean } = {},
): Promise<InstalledPack> {
  if (pack.pinned) return pack;
  if (!pack.url) return { ...pack, lastCheckedAt: now, lastError: 'this pack has no URL to update from' };
  const bad = checkHttpsUrl(pack.url);
  if (bad) return { ...pack, lastCheckedAt: now, lastError: bad };
  const headers: Record<string, string> = { accept: 'application/yaml, application/json, text/plain;q=0.9' };
  if (pack.etag) headers['if-none-match'] = pack.etag;
  if (pack.lastModified) headers['if-modified-since'] = pack.lastModified;
  let got: { res: FetchResponse; text: string | null };
  try {
    got = await fetchPackText(pack.url, headers, fetchFn, opts.timeoutMs ?? FETCH_TIMEOUT_MS);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ...pack, lastCheckedAt: now, lastError: `${e instanceof FetchPackError ? why : `could not fetch: ${why}`}; keeping version ${pack.version}` };
  }
  const { res } = got;
  if (res.status === 304) return { ...pack, lastCheckedAt: now, lastError: null };
  if (got.text === null) return { ...pack, lastCheckedAt: now, lastError: `the server answered HTTP ${res.status}; keeping version ${pack.version}` };
  const text = got.text;
  const etag = res.headers.get('etag');
  const lastModified = res.headers.get('last-modified');
  if (text === pack.text) return { ...pack, etag, lastModified, lastCheckedAt: now, lastError: null };
  const vet = vetPackText(text);
  if (!vet.ok) return { ...pack, lastCheckedAt: now, lastError: `update not applied, ${vet.error}; keeping version ${pack.version}` };
  if (vet.name !== pack.id) {
    return {
      ...pack,
      lastCheckedAt: now,
      lastError: `update not applied: it renames the pack from "${pack.id}" to "${vet.name}"; keeping version ${pack.version}`,
    };
  }
  if (!opts.allowDowngrade && compareVersions(vet.version, pack.version) < 0) {
    return {
      ...pack,
      lastCheckedAt: now,
      lastError: `update not applied: the server offers version ${vet.version}, older than the installed ${pack.version} (install it by hand to go back); keeping version ${pack.version}`,
    };
  }
  return { ...pack, text, version: vet.version, etag, lastModified, lastCheckedAt: now, lastError: null };
}

/** A new installed-pack record from text that passed `vetPackText`. */
export function makeInstalledPack(
  text: string,
  init: { origin: PackOrigin; url?: string | null; etag?: string | null; lastModified?: string | null; now?: number | null },
): { ok: true; pack: InstalledPack } | { ok: false; error: string } {
  const vet = vetPackText(text);
  if (!vet.ok) return vet;
  return {
    ok: true,
    pack: {
      id: vet.name,
      origin: init.origin,
      url: init.url ?? null,
      etag: init.etag ?? null,
      lastModified: init.lastModified ?? null,
      pinned: false,
      enabled: true,
      text,
      version: vet.version,
      lastCheckedAt: init.now ?? null,
      lastError: null,
    },
  };
}

/**
 * A policy pack URL that could not be installed (typically: its server sends no CORS headers and the extension has
 * no access to that site yet). The background keeps the latest list in storage.local under MANAGED_FAILURES_KEY so
 * the options page can say so and offer to allow the site.
 */
export interface ManagedPackFailure {
  url: string;
  error: string;
  at: number;
}
export const MANAGED_FAILURES_KEY = 'packs:managedFailures';

/**
 * Install the policy's packs that are not installed yet (and remove managed packs no longer in the policy).
 * Managed packs come first in precedence order, in the policy's order.
 */
export async function syncManagedPacks(
  installed: InstalledPack[],
  policy: ManagedPolicy,
  fetchFn: FetchFn,
  now: number,
  opts: { timeoutMs?: number } = {},
): Promise<{ packs: InstalledPack[]; errors: string[]; failed: ManagedPackFailure[] }> {
  const errors: string[] = [];
  const failed: ManagedPackFailure[] = [];
  const keepOthers = installed.filter((p) => p.origin !== 'managed');
  const managed: InstalledPack[] = [];
  for (const url of policy.packUrls) {
    const existing = installed.find((p) => p.origin === 'managed' && p.url === url);
    if (existing) {
      managed.push(await refreshSubscription(existing, fetchFn, now, opts));
      continue;
    }
    try {
      const got = await fetchPackFromUrl(url, fetchFn, opts);
      const made = makeInstalledPack(got.text, { origin: 'managed', url, etag: got.etag, lastModified: got.lastModified, now });
      if (made.ok) managed.push(made.pack);
      else {
        errors.push(`${url}: ${made.error}`);
        failed.push({ url, error: made.error, at: now });
      }
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      errors.push(`${url}: ${error}`);
      failed.push({ url, error, at: now });
    }
  }
  const managedIds = new Set(managed.map((p) => p.id));
  return { packs: [...managed, ...keepOthers.filter((p) => !managedIds.has(p.id))], errors, failed };
}
