/**
 * Chunked backup over the messaging: every call goes through the real protocol check (`handleMessage`) with the
 * JSON round trip Chrome does, and each message must fit a size cap, as Chrome's 64 MiB cap does for real.
 */
import { describe, expect, it } from 'vitest';
import type { CaseApi } from '../../../lib/cases/api';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { BackupTransfers, downloadBackupParts, sliceEnd, uploadBackup } from '../../../lib/cases/transfer';
import { CASE_METHODS } from '../../../lib/messaging/protocol';
import { handleMessage } from '../../../lib/messaging/server';
import { T0, makeStore } from './helpers';

const self = { id: 'ext', origin: 'chrome-extension://ext/' };
const optionsPage = { id: 'ext', url: 'chrome-extension://ext/options.html', tab: { id: 1 } };
let n = 0;

/** The store behind a fake wire: JSON both ways, at most `cap` characters per message. */
function overWire(store: CaseStore, cap: number): { api: CaseApi; sizes: number[]; changes: number } {
  const sizes: number[] = [];
  const state = { api: {} as CaseApi, sizes, changes: 0 };
  const send = (payload: unknown) => {
    const text = JSON.stringify(payload) ?? 'null';
    sizes.push(text.length);
    if (text.length > cap) throw new Error(`Message exceeded maximum allowed size (${text.length} > ${cap})`);
    return JSON.parse(text) as unknown;
  };
  const api = state.api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const method of CASE_METHODS) {
    api[method] = async (...args: unknown[]) => {
      const deps = { api: store, self, broadcastCasesChanged: () => void state.changes++, setFocus: async () => null, getFocus: async () => null, openSidePanel: async () => ({ opened: false }) };
      const result = await handleMessage(deps, method, send(args), optionsPage);
      return result === undefined ? undefined : send(result);
    };
  }
  return state;
}

async function fill(store: CaseStore, customers: number) {
  for (let i = 0; i < customers; i++) {
    const handle = `cust_${i}`;
    const c = await store.createCase({ handle, displayName: `Customer ${i} 😀`, title: `Ticket ${i}`, status: i % 2 ? 'open' : 'solved' });
    await store.addNote({ handle, caseId: c.id, text: `Note "${i}" with \\ quotes, emoji 🎉 and a newline\nhere` });
    await store.addDetail({ handle, kind: 'email', value: `c${i}@example.com`, source: 'typed' });
  }
  await store.renameCustomer({ from: 'cust_0', to: 'cust_zero' });
}

describe('chunked backup over the messaging', () => {
  it('exports a backup larger than one message in slices, identical to exportBackup, and imports it back all at once', async () => {
    const src = makeStore();
    const store = new CaseStore(src.db, { now: () => T0, transferChunkChars: 700 });
    await fill(store, 12);
    const json = await store.exportBackup();
    const wire = overWire(store, 1000);
    // One message cannot carry it, like the 114 MB backup through Chrome's 64 MiB cap.
    await expect(wire.api.exportBackup()).rejects.toThrow(/exceeded maximum allowed size/);
    wire.sizes.length = 0;

    const parts = await downloadBackupParts(wire.api);
    expect(parts.length).toBeGreaterThan(json.length / 700 - 1);
    expect(parts.join('')).toBe(json);
    expect(Math.max(...wire.sizes)).toBeLessThanOrEqual(1000);

    const dst = new CaseStore(new CaselintDB(`transfer-dst-${++n}`), { now: () => T0 });
    const dstWire = overWire(dst, 1000);
    const report = await uploadBackup(dstWire.api, json, { chunkChars: 600, mode: 'replace' });
    expect(report).toEqual({ customers: 13, cases: 12, notes: 12, details: 12, interactions: 0, promises: 0 });
    expect(await dst.exportBackup()).toBe(json);
    expect(dstWire.changes).toBe(1);
    // Old handles still resolve, summaries were rebuilt.
    expect((await dst.summaries(['cust_0', 'cust_3'])).cust_0).toMatchObject({ key: 'cust_zero', openCases: 0, notes: 1 });
  });

  it('writes nothing until the commit, and nothing when the joined backup is invalid', async () => {
    const { store, db } = makeStore();
    await store.createCase({ handle: 'kept', title: 'Kept' });
    const before = await store.exportBackup();
    const src = makeStore();
    await fill(src.store, 3);
    const good = await src.store.exportBackup();
    const wire = overWire(store, 1000);

    await wire.api.importBackupChunk({ importId: 'imp-1', index: 0, text: good.slice(0, 400) });
    expect(await store.exportBackup()).toBe(before);
    // Part 1 never sent: the commit refuses and nothing changes.
    await expect(wire.api.importBackupCommit({ importId: 'imp-1', parts: 2 })).rejects.toThrow(/not in progress|1 of 2 parts/);

    // A bad record near the end of the file: the whole import fails, naming it.
    const bad = good.replace(/"status":"open"(?![\s\S]*"status":"open")/, '"status":"closed"');
    expect(bad).not.toBe(good);
    await expect(uploadBackup(wire.api, bad, { chunkChars: 300, mode: 'replace' })).rejects.toThrow(/data\.cases\[\d\]\.status/);
    expect(await store.exportBackup()).toBe(before);
    expect(await db.notes.count()).toBe(0);
  });

  it('refuses parts out of order and unknown exports with a clear error', async () => {
    const t = new BackupTransfers({ chunkChars: 10 });
    expect(() => t.importChunk('a', 1, 'x')).toThrow(/not in progress/);
    t.importChunk('b', 0, 'x');
    expect(() => t.importChunk('b', 2, 'x')).toThrow(/part 2 arrived, expected part 1/);
    expect(t.pending).toBe(0);
    expect(() => t.exportChunk('nope', 0)).toThrow(/not in progress/);
    const { exportId } = t.beginExport('0123456789abcdef');
    expect(t.exportChunk(exportId, 0)).toEqual({ text: '0123456789', next: 10 });
    expect(t.exportChunk(exportId, 10)).toEqual({ text: 'abcdef', next: null });
    // Dropped after its last slice.
    expect(t.pending).toBe(0);
  });

  it('never splits a surrogate pair between slices', () => {
    const text = 'ab😀cd😀😀e';
    for (let size = 2; size <= 5; size++) {
      const parts: string[] = [];
      for (let start = 0; start < text.length; ) {
        const end = sliceEnd(text, start, size);
        parts.push(text.slice(start, end));
        start = end;
      }
      expect(parts.join('')).toBe(text);
      for (const p of parts) expect(p).toBe(JSON.parse(JSON.stringify(p)));
      for (const p of parts) expect(p.isWellFormed()).toBe(true);
    }
  });
});
