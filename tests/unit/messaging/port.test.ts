import { describe, expect, it, vi } from 'vitest';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { buildKnownHandles, KnownHandles, type KnownHandlesJSON } from '../../../lib/cases/known-handles';
import { acceptSummaryPort, SUMMARY_PORT, SummaryPortClient, type PortLike } from '../../../lib/messaging/port';
import type { SenderLike } from '../../../lib/messaging/protocol';

const self = { id: 'our-id', origin: 'chrome-extension://our-id/' };
const xTab: SenderLike = { id: 'our-id', url: 'https://x.com/home', tab: { id: 7 } };

/** Two connected fake port ends, delivering asynchronously like the browser. */
function pipe(name = SUMMARY_PORT, sender?: SenderLike) {
  type End = PortLike & { msg: Array<(m: unknown) => void>; disc: Array<() => void>; other?: End; open: boolean };
  const make = (): End => {
    const end: End = {
      name,
      sender,
      open: true,
      msg: [],
      disc: [],
      postMessage(m) {
        if (!end.open) throw new Error('Attempting to use a disconnected port object');
        const copy = structuredClone(m);
        queueMicrotask(() => end.other!.open && end.other!.msg.forEach((cb) => cb(copy)));
      },
      disconnect() {
        if (!end.open) return;
        end.open = false;
        end.other!.open = false;
        queueMicrotask(() => end.other!.disc.forEach((cb) => cb()));
      },
      onMessage: { addListener: (cb) => void end.msg.push(cb) },
      onDisconnect: { addListener: (cb) => void end.disc.push(cb) },
    };
    return end;
  };
  const client = make();
  const server = make();
  client.other = server;
  server.other = client;
  return { client, server };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
let n = 0;
async function store() {
  const s = new CaseStore(new CaselintDB(`port-test-${++n}`));
  await s.addNote({ handle: 'JaneDoe', text: 'Refund promised' });
  return s;
}

describe('summary port, background side', () => {
  it('answers { id, handles } with CaseStore.summaries, and a bad request with an error naming the field', async () => {
    const api = await store();
    const { client, server } = pipe(SUMMARY_PORT, xTab);
    expect(acceptSummaryPort(server, { api, self, warn: () => {} })).toBe(true);
    const answers: unknown[] = [];
    client.onMessage.addListener((m) => answers.push(m));
    client.postMessage({ id: 1, handles: ['@janedoe', 'nobody'] });
    client.postMessage({ id: 2, handles: ['not a handle!'] });
    client.postMessage({ id: 3, handles: Array.from({ length: 1001 }, (_, i) => `h${i}`) });
    client.postMessage({ nonsense: true });
    await vi.waitFor(() => expect(answers).toHaveLength(3));
    const byId = Object.fromEntries((answers as Array<{ id: number }>).map((a) => [a.id, a]));
    expect(Object.keys((byId[1] as unknown as { result: object }).result)).toEqual(['janedoe']);
    expect(byId[1]).toMatchObject({ result: { janedoe: { handle: 'JaneDoe' } } });
    expect((byId[2] as unknown as { error: string }).error).toMatch(/invalid "summaries" message: 0: a handle has only letters/);
    expect((byId[3] as unknown as { error: string }).error).toMatch(/at most 1000 handles/);
  });

  it('disconnects ports from other origins, other extensions and extension pages; ignores other port names', async () => {
    const api = await store();
    for (const sender of [
      { id: 'our-id', url: 'https://evil.example/', tab: { id: 9 } },
      { id: 'other-extension', url: 'https://x.com/home', tab: { id: 9 } },
      { id: 'our-id', url: 'http://x.com/home', tab: { id: 9 } },
      { id: 'our-id', url: 'chrome-extension://our-id/options.html', tab: { id: 2 } },
      undefined,
    ]) {
      const { client, server } = pipe(SUMMARY_PORT, sender);
      const warn = vi.fn();
      const closed = vi.fn();
      client.onDisconnect.addListener(closed);
      expect(acceptSummaryPort(server, { api, self, warn })).toBe(true);
      await tick();
      expect(closed).toHaveBeenCalled();
      expect(warn.mock.calls[0]![0]).toMatch(/Caselint: rejected/);
    }
    const other = pipe('something-else', xTab);
    expect(acceptSummaryPort(other.server, { api, self })).toBe(false);
  });
});

describe('SummaryPortClient', () => {
  function wired(api: { summaries(h: string[]): Promise<Record<string, never>> }) {
    const ends: Array<ReturnType<typeof pipe>> = [];
    const fallback = vi.fn(async (h: string[]) => ({ fromFallback: h }) as never);
    const client = new SummaryPortClient({
      connect: () => {
        const p = pipe(SUMMARY_PORT, xTab);
        acceptSummaryPort(p.server, { api: api as never, self, warn: () => {} });
        ends.push(p);
        return p.client;
      },
      fallback,
    });
    return { client, ends, fallback };
  }

  it('uses one port for many lookups and answers each its own', async () => {
    const api = await store();
    const { client, ends, fallback } = wired(api as never);
    const [a, b] = await Promise.all([client.summaries(['janedoe']), client.summaries(['nobody'])]);
    expect(Object.keys(a)).toEqual(['janedoe']);
    expect(b).toEqual({});
    await client.summaries(['JaneDoe']);
    expect(ends).toHaveLength(1);
    expect(fallback).not.toHaveBeenCalled();
  });

  it('after the service worker restarts (port closed): requests in flight go by message, the next one reconnects', async () => {
    const api = await store();
    let hold = false;
    const gated = { summaries: (h: string[]) => (hold ? new Promise<never>(() => {}) : api.summaries(h)) };
    const { client, ends, fallback } = wired(gated as never);
    expect(Object.keys(await client.summaries(['janedoe']))).toEqual(['janedoe']);
    hold = true;
    const waiting = client.summaries(['janedoe']);
    await tick();
    ends[0]!.server.disconnect(); // the worker went away with the request unanswered
    expect(await waiting).toEqual({ fromFallback: ['janedoe'] });
    hold = false;
    expect(Object.keys(await client.summaries(['janedoe']))).toEqual(['janedoe']);
    expect(ends).toHaveLength(2);
    expect(fallback).toHaveBeenCalledTimes(1);
  });

  it('stays on the message API when ports keep closing without an answer (background refuses or lacks the listener)', async () => {
    const api = await store();
    const fallback = vi.fn(async () => ({}));
    let connects = 0;
    const client = new SummaryPortClient({
      connect: () => {
        connects++;
        const p = pipe(SUMMARY_PORT, { id: 'our-id', url: 'https://evil.example/', tab: { id: 1 } });
        acceptSummaryPort(p.server, { api, self, warn: () => {} });
        return p.client;
      },
      fallback,
      maxFailures: 3,
    });
    for (let i = 0; i < 6; i++) {
      expect(await client.summaries([`h${i}`])).toEqual({});
      await tick();
    }
    expect(connects).toBe(3);
    expect(fallback).toHaveBeenCalledTimes(6);
    expect(client.usingFallback).toBe(true);
  });

  it('falls back when connect throws, and after close()', async () => {
    const fallback = vi.fn(async () => ({}));
    const client = new SummaryPortClient({
      connect: () => {
        throw new Error('Extension context invalidated.');
      },
      fallback,
    });
    await client.summaries(['a']);
    client.close();
    await client.summaries(['b']);
    expect(fallback.mock.calls).toEqual([[['a']], [['b']]]);
  });
});

describe('summary port: the known-handles filter', () => {
  const knownFrom = (api: CaseStore) => async (): Promise<KnownHandlesJSON> => {
    const db = api.db;
    return buildKnownHandles((await db.summaries.toCollection().primaryKeys()) as string[]).toJSON();
  };

  it('answers { id, filter: true } with the filter (the store\'s handles in it, strangers out); { id, handles } still works', async () => {
    const api = await store();
    const { client, server } = pipe(SUMMARY_PORT, xTab);
    acceptSummaryPort(server, { api, knownHandles: knownFrom(api), self, warn: () => {} });
    const answers: Array<{ id: number; filter?: unknown; result?: unknown }> = [];
    client.onMessage.addListener((m) => answers.push(m as never));
    client.postMessage({ id: 1, filter: true });
    client.postMessage({ id: 2, handles: ['janedoe'] });
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    const byId = Object.fromEntries(answers.map((a) => [a.id, a]));
    const f = KnownHandles.fromJSON(byId[1]!.filter);
    expect(f.mightContain('janedoe')).toBe(true);
    expect(f.mightContain('nobody_at_all')).toBe(false);
    expect(Object.keys(byId[2]!.result as object)).toEqual(['janedoe']);
  });

  it('refuses a malformed filter request with an error naming the field, and says so when it does not serve filters', async () => {
    const api = await store();
    const warn = vi.fn();
    const { client, server } = pipe(SUMMARY_PORT, xTab);
    const knownHandles = vi.fn(knownFrom(api));
    acceptSummaryPort(server, { api, knownHandles, self, warn });
    const answers: Array<{ id: number; error?: string }> = [];
    client.onMessage.addListener((m) => answers.push(m as never));
    client.postMessage({ id: 1, filter: 'yes' });
    client.postMessage({ id: 2, filter: true, handles: ['a'] });
    client.postMessage({ filter: true });
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    const byId = Object.fromEntries(answers.map((a) => [a.id, a]));
    expect(byId[1]!.error).toMatch(/invalid "caselint:summaries" filter request: filter: /);
    expect(byId[2]!.error).toMatch(/filter request: .*handles/);
    expect(warn.mock.calls.map((c) => c[0]).join('\n')).toMatch(/filter request: id: /);
    expect(knownHandles).not.toHaveBeenCalled();

    const other = pipe(SUMMARY_PORT, xTab);
    acceptSummaryPort(other.server, { api, self, warn: () => {} });
    const got: unknown[] = [];
    other.client.onMessage.addListener((m) => got.push(m));
    other.client.postMessage({ id: 5, filter: true });
    await vi.waitFor(() => expect(got).toEqual([{ id: 5, error: expect.stringMatching(/does not serve the known-handles filter/) }]));
  });

  it('never serves the filter to a refused sender (another origin, an extension page): the port is closed first', async () => {
    const api = await store();
    for (const sender of [
      { id: 'our-id', url: 'https://evil.example/', tab: { id: 9 } },
      { id: 'our-id', url: 'chrome-extension://our-id/options.html', tab: { id: 2 } },
    ]) {
      const { client, server } = pipe(SUMMARY_PORT, sender);
      const knownHandles = vi.fn(knownFrom(api));
      const got: unknown[] = [];
      client.onMessage.addListener((m) => got.push(m));
      acceptSummaryPort(server, { api, knownHandles, self, warn: () => {} });
      expect(() => client.postMessage({ id: 1, filter: true })).toThrow(/disconnected/);
      await tick();
      expect(got).toEqual([]);
      expect(knownHandles).not.toHaveBeenCalled();
    }
  });

  it('SummaryPortClient.knownHandles: answered over the port; rejects without a port or when the port closes first', async () => {
    const api = await store();
    const known = knownFrom(api);
    const ends: Array<ReturnType<typeof pipe>> = [];
    let hold = false;
    const client = new SummaryPortClient({
      connect: () => {
        const p = pipe(SUMMARY_PORT, xTab);
        const gated = { summaries: (h: string[]) => (hold ? new Promise<never>(() => {}) : api.summaries(h)) };
        acceptSummaryPort(p.server, { api: gated, knownHandles: () => (hold ? new Promise<never>(() => {}) : known()), self, warn: () => {} });
        ends.push(p);
        return p.client;
      },
      fallback: async (h) => ({ fromFallback: h }) as never,
    });
    expect(KnownHandles.fromJSON(await client.knownHandles()).mightContain('janedoe')).toBe(true);
    hold = true;
    const waiting = client.knownHandles();
    const lookup = client.summaries(['janedoe']);
    await tick();
    ends[0]!.server.disconnect();
    await expect(waiting).rejects.toThrow(/port closed before the known-handles filter/);
    expect(await lookup).toEqual({ fromFallback: ['janedoe'] }); // the lookup caught by the same disconnect went by the fallback
    client.close();
    await expect(client.knownHandles()).rejects.toThrow(/no summaries port/);
  });
});

