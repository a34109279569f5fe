import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import {
  fetchPackFromUrl,
  makeInstalledPack,
  memoryStore,
  PackStorage,
  parseManagedPolicy,
  refreshSubscription,
  syncManagedPacks,
  type FetchFn,
  type FetchResponse,
  type InstalledPack,
} from '../../../lib/packs';

const tone = readFileSync('packs/tone.yaml', 'utf8');
const tone2 = tone.replace('version: 1.0.0', 'version: 1.1.0');

function response(status: number, body = '', headers: Record<string, string> = {}, url?: string): FetchResponse {
  const h = new Headers(headers);
  return {
    status,
    ok: status >= 200 && status < 300,
    url,
    headers: { get: (n) => h.get(n) },
    body: new Response(body).body,
    text: async () => body,
  };
}

function installed(over: Partial<InstalledPack> = {}): InstalledPack {
  const made = makeInstalledPack(tone, { origin: 'subscription', url: 'https://packs.example.com/tone.yaml', etag: '"v1"', now: 1 });
  if (!made.ok) throw new Error(made.error);
  return { ...made.pack, ...over };
}

describe('refreshSubscription', () => {
  it('sends If-None-Match and keeps the pack on 304', async () => {
    const fetchFn = vi.fn<FetchFn>(async () => response(304));
    const out = await refreshSubscription(installed({ lastError: 'old' }), fetchFn, 1000);
    expect(fetchFn.mock.calls[0]![1]!.headers!['if-none-match']).toBe('"v1"');
    expect(out).toMatchObject({ text: tone, version: '1.0.0', lastCheckedAt: 1000, lastError: null });
  });

  it('applies a valid update whose examples pass', async () => {
    const out = await refreshSubscription(installed(), async () => response(200, tone2, { etag: '"v2"' }), 2000);
    expect(out).toMatchObject({ version: '1.1.0', text: tone2, etag: '"v2"', lastError: null });
  });

  it('keeps the last good version when the update is invalid', async () => {
    const broken = tone2.replace('type: occurrence', 'type: ocurrence');
    const out = await refreshSubscription(installed(), async () => response(200, broken, { etag: '"v3"' }), 3000);
    expect(out.text).toBe(tone);
    expect(out.version).toBe('1.0.0');
    expect(out.etag).toBe('"v1"');
    expect(out.lastError).toMatch(/update not applied, invalid pack: .*rules\[2\]\.type/);
  });

  it('keeps the last good version when the update fails its own examples', async () => {
    const failing = tone2.replace('- Please calm down, we are looking into it.', '- Please settle, we are looking into it.');
    const out = await refreshSubscription(installed(), async () => response(200, failing), 3000);
    expect(out.version).toBe('1.0.0');
    expect(out.lastError).toMatch(/1 of its examples fail: tone\/no-calm-down/);
  });

  it('never updates pinned packs and refuses non-https URLs, redirects and oversized bodies', async () => {
    const fetchFn = vi.fn<FetchFn>(async () => response(200, tone2));
    expect(await refreshSubscription(installed({ pinned: true }), fetchFn, 5)).toMatchObject({ version: '1.0.0' });
    expect(fetchFn).not.toHaveBeenCalled();
    const http = await refreshSubscription(installed({ url: 'http://packs.example.com/tone.yaml' }), fetchFn, 5);
    expect(http.lastError).toMatch(/only https/);
    expect(fetchFn).not.toHaveBeenCalled();
    const redirected = await refreshSubscription(installed(), async () => response(200, tone2, {}, 'http://evil.example/x'), 5);
    expect(redirected).toMatchObject({ version: '1.0.0', lastError: expect.stringMatching(/non-https/) });
    const huge = await refreshSubscription(installed(), async () => response(200, `# ${'x'.repeat(300 * 1024)}\n${tone2}`), 5);
    expect(huge).toMatchObject({ version: '1.0.0', lastError: expect.stringMatching(/larger than the 256 KB limit/) });
    const down = await refreshSubscription(installed(), async () => response(503), 5);
    expect(down.lastError).toMatch(/HTTP 503/);
  });

  it('refuses an update that renames the pack', async () => {
    const renamed = tone2.replace('name: tone', 'name: tone-two');
    const out = await refreshSubscription(installed(), async () => response(200, renamed), 5);
    expect(out).toMatchObject({ id: 'tone', version: '1.0.0', lastError: expect.stringMatching(/renames the pack/) });
  });
});

describe('fetchPackFromUrl', () => {
  it('is https only and stops reading at the size limit', async () => {
    await expect(fetchPackFromUrl('http://x.example/p.yaml', async () => response(200, tone))).rejects.toThrow(/only https/);
    await expect(fetchPackFromUrl('https://x.example/p.yaml', async () => response(200, 'x'.repeat(257 * 1024)))).rejects.toThrow(/limit/);
    await expect(
      fetchPackFromUrl('https://x.example/p.yaml', async () => response(200, 'x', { 'content-length': String(10 * 1024 * 1024) })),
    ).rejects.toThrow(/10240 KB/);
    const ok = await fetchPackFromUrl('https://x.example/p.yaml', async () => response(200, tone, { etag: '"e"' }));
    expect(ok).toEqual({ text: tone, etag: '"e"', lastModified: null });
  });
});

describe('managed policy and storage', () => {
  it('installs policy packs first and keeps the agent’s own packs', async () => {
    const own = { ...installed(), id: 'mine', origin: 'file' as const };
    const policy = parseManagedPolicy({ packUrls: ['https://corp.example/tone.yaml', 'http://insecure/x', 7], teamHandles: ['acme'] });
    expect(policy.packUrls).toEqual(['https://corp.example/tone.yaml']);
    const { packs, errors } = await syncManagedPacks([own], policy, async () => response(200, tone), 9);
    expect(errors).toEqual([]);
    expect(packs.map((p) => [p.id, p.origin])).toEqual([
      ['tone', 'managed'],
      ['mine', 'file'],
    ]);
  });

  it('reports a policy URL it could not read (a server without CORS headers, before the site is allowed), and installs it once readable', async () => {
    const policy = parseManagedPolicy({ packUrls: ['https://corp.example/tone.yaml'] });
    let allowed = false;
    // What fetch does in an extension without the site's host permission when the server sends no CORS headers.
    const corsFetch = async () => {
      if (!allowed) throw new TypeError('NetworkError when attempting to fetch resource.');
      return response(200, tone);
    };
    const first = await syncManagedPacks([], policy, corsFetch, 9);
    expect(first.packs).toEqual([]);
    expect(first.failed).toEqual([{ url: 'https://corp.example/tone.yaml', error: 'could not fetch https://corp.example/tone.yaml: NetworkError when attempting to fetch resource.', at: 9 }]);
    allowed = true;
    const second = await syncManagedPacks(first.packs, policy, corsFetch, 10);
    expect(second.failed).toEqual([]);
    expect(second.packs.map((p) => [p.id, p.origin, p.url])).toEqual([['tone', 'managed', 'https://corp.example/tone.yaml']]);
  });

  it('stores packs in precedence order, reorders, removes, and keeps unreadable records', async () => {
    const kv = memoryStore({ 'packs:installed': [{ garbage: true }] });
    const s = new PackStorage(kv);
    await s.save(installed());
    await s.save({ ...installed(), id: 'second' });
    expect((await s.list()).map((p) => p.id)).toEqual(['tone', 'second']);
    await s.reorder(['second']);
    expect((await s.list()).map((p) => p.id)).toEqual(['second', 'tone']);
    await s.remove('tone');
    expect((await s.list()).map((p) => p.id)).toEqual(['second']);
    expect((await s.read()).broken).toBe(1);
    expect(kv.data.get('packs:installed')).toContainEqual({ garbage: true });
  });
});
