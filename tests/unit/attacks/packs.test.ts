/**
 * Attacks by pack authors and subscription servers (README, "Security and privacy"). Figures measured here are
 * printed by `npx tsx scripts/bench/pack-attacks.ts`; these tests hold the bounds.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLinter } from '../../../lib/lint/engine';
import type { LintRequest } from '../../../lib/lint/types';
import { compileMatcher, loadPack, resolveConfig } from '../../../lib/packs';
import { fetchPackFromUrl, refreshSubscription, syncManagedPacks, type FetchFn, type InstalledPack } from '../../../lib/packs/subscriptions';
import { own } from '../../../lib/plain-record';
import { mustLoad, packJson } from '../packs/helpers';
import { SLOW_DRAFT, slowPack4k, slowPackLarge } from './pack-fixtures';

const req = (draft: string): LintRequest => ({ brand: ['acme'], tweet: { author: 'jo', text: '@acme hi', inReplyTo: 'acme' }, draft });

function packLinter(text: string, budgetMs?: number) {
  const { compiled } = mustLoad(text);
  const disabled = new Map<string, string>();
  const linter = createLinter({
    builtins: false,
    extraRules: compiled.rules.map((r) => ({ rule: r.rule, source: r.source })),
    ...(budgetMs !== undefined ? { budget: { ms: budgetMs, disabled } } : {}),
  });
  return { linter, disabled };
}

describe('a pack cannot hang the composer', () => {
  it('whole-word matching is one linear scan: the hostile 200-pattern pack lints a 10,000-character draft in seconds, not hours', () => {
    const { linter } = packLinter(slowPack4k());
    const long = `${'ab '.repeat(3333)}bc`;
    const t = performance.now();
    const found = linter.lint(req(long));
    const ms = performance.now() - t;
    // The old retry loop ran up to 5,000 re2js scans of the whole draft per pattern: 10^10 steps here. One scan
    // per pattern is about 0.5 s on this machine (2 shared cores); the bound leaves room for a loaded machine.
    expect(found.map((f) => f.rule)).toEqual(['slow-small/slow']);
    expect(ms).toBeLessThan(4000);
  });

  it('a whole-word pattern still refuses matches inside words, and finds the longer alternative at a word edge', () => {
    const m = compileMatcher('cat|category', 'pattern', { ignoreCase: true, wholeWord: true });
    expect(m.findAll('category scatter cat').map((x) => x.text)).toEqual(['category', 'cat']);
    const bang = compileMatcher('!!+', 'pattern', { ignoreCase: true, wholeWord: true });
    expect(bang.findAll('wow!!! ok').map((x) => x.text)).toEqual(['!!!']);
  });

  it('the 250 KB hostile pack is stopped by the budget: each keystroke ends near 30 ms and a slow rule is turned off with its reason', () => {
    const { linter, disabled } = packLinter(slowPackLarge(), 30);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      linter.lint(req(SLOW_DRAFT + ' '.repeat(i)));
      times.push(performance.now() - t);
    }
    // Unbounded, the first lint takes 25 s here (compiling and scanning 12,000 patterns). One re2js compile or
    // scan may run past the deadline before it is checked: allow for that on a loaded machine.
    expect(Math.max(...times)).toBeLessThan(1000);
    expect(disabled.size).toBeGreaterThanOrEqual(1);
    const [id, why] = [...disabled][0]!;
    expect(id).toMatch(/^slow-large\//);
    expect(why).toMatch(/took \d+ ms on one draft; all pack rules together may take 30 ms/);
    const info = linter.rules().find((r) => r.meta.id === id)!;
    expect(info).toMatchObject({ enabled: false, disabledReason: why });
  });

  it('the budget is counted on the lint clock: a rule over it is turned off, the built-in rules keep running', () => {
    let clock = 0;
    const pack = packJson([{ id: 'slow', type: 'existence', severity: 'warning', message: 'm', patterns: ['ab+'], examples: { invalid: ['ab'] } }]);
    const { compiled } = mustLoad(pack);
    const slow = compiled.rules[0]!;
    const heavy = { ...slow.rule, check: (ctx: Parameters<typeof slow.rule.check>[0], o: Record<string, unknown>) => ((clock += 40), slow.rule.check(ctx, o)) };
    const disabled = new Map<string, string>();
    const linter = createLinter({ extraRules: [{ rule: heavy, source: 'team' }], budget: { ms: 30, disabled, now: () => clock } });
    const first = linter.lint(req('Please call us at 1-800-555-0100. ab'));
    expect(disabled.get('team/slow')).toMatch(/took 40 ms/);
    expect(first.some((f) => f.rule === 'deflect-to-phone' || f.rule === 'moves-offline')).toBe(true);
    const second = linter.lint(req('Please call us at 1-800-555-0100. ab'));
    expect(second.some((f) => f.rule === 'team/slow')).toBe(false);
    expect(clock).toBe(40); // not run again
  });

  it('a pattern that matches empty text is refused at check time, naming pack, rule and pattern', () => {
    const r = loadPack(packJson([{ id: 'all', type: 'existence', severity: 'warning', message: 'm', patterns: ['x*'] }]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/pack "team", rule "all": pattern "x\*" cannot be used: it can match empty text/);
  });
});

describe('pack files are bounded before they are parsed', () => {
  it.each([
    ['JSON', `{"name":"deep","version":"1.0.0","description":"d","rules":[],"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'deep.json'],
    ['YAML', `name: deep\nversion: 1.0.0\ndescription: d\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, 'deep.yaml'],
  ])('a 100,000-level %s pack is refused quickly as too deep, not as a syntax error', (kind, text, filename) => {
    const t = performance.now();
    const r = loadPack(text, { filename });
    expect(performance.now() - t).toBeLessThan(100);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]!.message).toBe(`${kind} nests lists and objects more than 32 levels deep`);
      expect(r.errors[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    }
  });

  it('JSON is parsed as JSON: YAML-only syntax in a .json pack is a JSON syntax error', () => {
    const r = loadPack('{name: team, version: 1.0.0, description: d, rules: []}', { filename: 'p.json' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/^JSON syntax/);
  });
});

describe('keys from packs are plain data', () => {
  const withSettings = (name: string, settings: string) =>
    `{"name":"${name}","version":"1.0.0","description":"d","settings":${settings},"rules":[{"id":"r","type":"existence","severity":"warning","message":"{{constructor}} {{toString}} {{match}}","phrases":["kindly"]}]}`;

  it('settings keyed constructor and hasownproperty pass check, change nothing global, and two such packs lint', () => {
    const a = mustLoad(withSettings('one', '{"constructor":{"enabled":false},"hasownproperty":{"severity":"error"}}'));
    const b = mustLoad(withSettings('two', '{"constructor":{"enabled":true,"options":{"__proto__":{"polluted":1},"toString":2}}}'));
    const resolved = resolveConfig([a, b].map((p) => ({ pack: p.pack, compiled: p.compiled })), {});
    const ctor = own(resolved.settings, 'constructor');
    expect(ctor).toMatchObject({ enabled: false, source: 'one' });
    expect(Object.getOwnPropertyNames(ctor!.options ?? {})).toEqual(['__proto__', 'toString']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof Object).toBe('function');
    expect(Object.keys(Object)).toEqual([]);
    const linter = createLinter({ extraRules: resolved.extraRules, settings: resolved.settings });
    const f = linter.lint(req('Kindly hold.')).filter((x) => x.rule === 'one/r');
    // Placeholders that are not the rule's own stay as written.
    expect(f[0]!.message).toBe('{{constructor}} {{toString}} Kindly');
  });

  it('a setting keyed __proto__ is an error naming the key, not silently dropped', () => {
    const r = loadPack(withSettings('one', '{"__proto__":{"enabled":false}}'), { filename: 'one.json' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ where: 'settings.__proto__', message: expect.stringMatching(/key "__proto__": a setting is keyed by a rule id/) });
  });
});

describe('subscription servers', () => {
  let servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); })));
    servers = [];
  });
  const listen = (handler: Parameters<typeof createServer>[1]) =>
    new Promise<string>((resolve) => {
      const s = createServer(handler);
      servers.push(s);
      s.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(s.address() as AddressInfo).port}`));
    });
  // Tests speak plain http on 127.0.0.1; the pack code insists on https, so map https://<host> to http://<host>
  // here (the https -> http redirect check sees the URLs the server sends).
  const viaHttp: FetchFn = async (url, init) => {
    const res = await fetch(url.replace(/^https:/, 'http:'), { headers: init?.headers, redirect: init?.redirect, signal: init?.signal });
    return { status: res.status, ok: res.ok, url, headers: res.headers, body: res.body, text: () => res.text() };
  };
  const pack = (version: string) => `name: team\nversion: ${version}\ndescription: d\nrules: []\n`;
  const installed = (over: Partial<InstalledPack> = {}): InstalledPack => ({
    id: 'team', origin: 'subscription', url: 'https://x', etag: null, lastModified: null, pinned: false, enabled: true,
    text: pack('2.0.0'), version: '2.0.0', lastCheckedAt: null, lastError: null, ...over,
  });

  it('a server that never answers times out, and the policy\'s next pack is still installed', async () => {
    const silent = await listen(() => undefined);
    const good = await listen((_q, res) => res.end(pack('1.0.0')));
    const t = performance.now();
    const out = await syncManagedPacks([], { packUrls: [`https://${silent}/p.yaml`, `https://${good}/p.yaml`], teamHandles: [] }, viaHttp, 1, { timeoutMs: 300 });
    expect(performance.now() - t).toBeLessThan(3000);
    expect(out.errors).toEqual([expect.stringMatching(/no answer from 127\.0\.0\.1:\d+ within 300 ms/)]);
    expect(out.packs.map((p) => p.version)).toEqual(['1.0.0']);
  });

  it('a server that sends headers and then stalls the body times out too', async () => {
    const stall = await listen((_q, res) => { res.writeHead(200); res.write('name: team\n'); });
    await expect(fetchPackFromUrl(`https://${stall}/p.yaml`, viaHttp, { timeoutMs: 300 })).rejects.toThrow(/no answer/);
  });

  it('after an https -> http redirect the http request is never sent', async () => {
    let httpHits = 0;
    const target = await listen((_q, res) => { httpHits++; res.end(pack('3.0.0')); });
    const redirector = await listen((_q, res) => { res.writeHead(302, { location: `http://${target}/p.yaml` }); res.end(); });
    const out = await refreshSubscription(installed({ url: `https://${redirector}/p.yaml` }), viaHttp, 5);
    expect(out).toMatchObject({ version: '2.0.0', lastError: expect.stringMatching(/redirected to a non-https address/) });
    expect(httpHits).toBe(0);
  });

  it('an update to a lower version is not applied unless the agent asks', async () => {
    const older = await listen((_q, res) => res.end(pack('1.9.0')));
    const kept = await refreshSubscription(installed({ url: `https://${older}/p.yaml` }), viaHttp, 5);
    expect(kept).toMatchObject({ version: '2.0.0', lastError: expect.stringMatching(/offers version 1\.9\.0, older than the installed 2\.0\.0/) });
    const asked = await refreshSubscription(installed({ url: `https://${older}/p.yaml` }), viaHttp, 5, { allowDowngrade: true });
    expect(asked).toMatchObject({ version: '1.9.0', lastError: null });
  });
});
