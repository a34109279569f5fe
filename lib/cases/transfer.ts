/**
 * Chunked backup transfer, so a backup of any size crosses the extension messaging (Chrome refuses a message over
 * 64 MiB; a store of 100,000 customers and 1,000,000 notes makes a 114 MB backup).
 *
 * Export: `exportBackupBegin()` makes the backup JSON in the background from ONE read transaction (a consistent
 * snapshot, exactly the text `exportBackup()` returns) and keeps it; the page reads it in slices with
 * `exportBackupChunk` and assembles the slices into a Blob (`downloadBackupParts`). The snapshot is dropped once
 * its last slice was read, on `abort`, or after `TRANSFER_TTL_MS` without use.
 *
 * Import: the page sends the file's text in slices (`importBackupChunk`, in order), then `importBackupCommit`: the
 * background joins them and runs the same import as `importBackup` (parse and validate EVERYTHING first, then one
 * write transaction): one logical import, all or nothing. Nothing is written before the commit; an abandoned
 * import is dropped after `TRANSFER_TTL_MS`.
 *
 * Slices never split a UTF-16 surrogate pair (a lone surrogate would not survive the messaging's JSON).
 */
import type { BackupReport, CaseApi } from './api';
import { BackupError } from './errors';

/** Characters per message: with JSON escaping (at worst 6x for control characters) still far under 64 MiB. */
export const TRANSFER_CHUNK_CHARS = 8_000_000;
export const TRANSFER_TTL_MS = 5 * 60_000;
/** Upper bound of one import (joined text), so a runaway sender cannot exhaust the background's memory. */
export const MAX_IMPORT_CHARS = 1_500_000_000;

/** End of the slice starting at `start` of at most `size` characters, moved back so it does not split a pair. */
export function sliceEnd(text: string, start: number, size: number): number {
  let end = Math.min(text.length, start + Math.max(2, size));
  if (end < text.length) {
    const c = text.charCodeAt(end - 1);
    if (c >= 0xd800 && c <= 0xdbff) end--;
  }
  return end;
}

interface Entry {
  timer: ReturnType<typeof setTimeout> | null;
}
interface ExportEntry extends Entry {
  json: string;
}
interface ImportEntry extends Entry {
  parts: string[];
  chars: number;
}

/** Background side: the snapshots and staged imports in progress. Held by the CaseStore. */
export class BackupTransfers {
  private exports = new Map<string, ExportEntry>();
  private imports = new Map<string, ImportEntry>();

  private readonly ttlMs: number;
  private readonly chunkChars: number;

  constructor(options: { ttlMs?: number; chunkChars?: number } = {}) {
    this.ttlMs = options.ttlMs ?? TRANSFER_TTL_MS;
    this.chunkChars = Math.min(options.chunkChars ?? TRANSFER_CHUNK_CHARS, TRANSFER_CHUNK_CHARS);
  }

  private arm(map: Map<string, Entry>, id: string, e: Entry): void {
    if (e.timer) clearTimeout(e.timer);
    e.timer = setTimeout(() => map.delete(id), this.ttlMs);
    // Do not keep a Node test process alive for it.
    (e.timer as { unref?: () => void }).unref?.();
  }

  private drop(map: Map<string, Entry>, id: string): void {
    const e = map.get(id);
    if (e?.timer) clearTimeout(e.timer);
    map.delete(id);
  }

  beginExport(json: string): { exportId: string; chars: number } {
    const exportId = crypto.randomUUID();
    const e: ExportEntry = { json, timer: null };
    this.exports.set(exportId, e);
    this.arm(this.exports, exportId, e);
    return { exportId, chars: json.length };
  }

  exportChunk(exportId: string, offset: number, size = this.chunkChars): { text: string; next: number | null } {
    const e = this.exports.get(exportId);
    if (!e) throw new BackupError(`Backup export ${exportId} is not in progress (finished, cancelled or expired after ${this.ttlMs / 60_000} minutes): export again.`);
    if (!Number.isInteger(offset) || offset < 0 || offset > e.json.length) {
      throw new BackupError(`Backup export: offset ${offset} is outside the backup (0 to ${e.json.length}).`);
    }
    const end = sliceEnd(e.json, offset, Math.min(size, TRANSFER_CHUNK_CHARS));
    const text = e.json.slice(offset, end);
    if (end >= e.json.length) this.drop(this.exports, exportId);
    else this.arm(this.exports, exportId, e);
    return { text, next: end >= e.json.length ? null : end };
  }

  importChunk(importId: string, index: number, text: string): { received: number } {
    let e = this.imports.get(importId);
    if (!e) {
      if (index !== 0) throw new BackupError(`Backup import ${importId} is not in progress (cancelled or expired): import the file again. Nothing was imported.`);
      e = { parts: [], chars: 0, timer: null };
      this.imports.set(importId, e);
    }
    if (index !== e.parts.length) {
      this.drop(this.imports, importId);
      throw new BackupError(`Backup import: part ${index} arrived, expected part ${e.parts.length}. Nothing was imported.`);
    }
    if (e.chars + text.length > MAX_IMPORT_CHARS) {
      this.drop(this.imports, importId);
      throw new BackupError(`Backup import: the file is larger than ${MAX_IMPORT_CHARS / 1e6} million characters. Nothing was imported.`);
    }
    e.parts.push(text);
    e.chars += text.length;
    this.arm(this.imports, importId, e);
    return { received: e.parts.length };
  }

  /** Takes the staged text out (the import is then no longer in progress). */
  takeImport(importId: string, parts: number): string {
    const e = this.imports.get(importId);
    this.drop(this.imports, importId);
    if (!e) throw new BackupError(`Backup import ${importId} is not in progress (cancelled or expired): import the file again. Nothing was imported.`);
    if (e.parts.length !== parts) {
      throw new BackupError(`Backup import: ${e.parts.length} of ${parts} parts arrived. Nothing was imported.`);
    }
    return e.parts.join('');
  }

  abort(id: string): void {
    this.drop(this.exports, id);
    this.drop(this.imports, id);
  }

  /** In progress (for tests). */
  get pending(): number {
    return this.exports.size + this.imports.size;
  }
}

type TransferApi = Pick<CaseApi, 'exportBackupBegin' | 'exportBackupChunk' | 'importBackupChunk' | 'importBackupCommit' | 'backupTransferAbort'>;

/** Page side: the whole backup as the slices the background sends (join them, or hand them to `new Blob`). */
export async function downloadBackupParts(api: TransferApi, onProgress?: (done: number, total: number) => void): Promise<string[]> {
  const { exportId, chars } = await api.exportBackupBegin();
  const parts: string[] = [];
  let offset: number | null = 0;
  try {
    while (offset !== null) {
      const r: { text: string; next: number | null } = await api.exportBackupChunk({ exportId, offset });
      parts.push(r.text);
      offset = r.next;
      onProgress?.(offset ?? chars, chars);
    }
  } catch (err) {
    await api.backupTransferAbort({ id: exportId }).catch(() => undefined);
    throw err;
  }
  return parts;
}

/** Page side: send a backup file's text in slices, then commit it as one all-or-nothing import. */
export async function uploadBackup(
  api: TransferApi,
  json: string,
  options: { mode?: 'merge' | 'replace'; chunkChars?: number; onProgress?: (sent: number, total: number) => void; importId?: string } = {},
): Promise<BackupReport> {
  // Also the id of the import's progress (`importProgress`) and cancel (`importCancel`) once it is committed.
  const importId = options.importId ?? crypto.randomUUID();
  const size = Math.min(options.chunkChars ?? TRANSFER_CHUNK_CHARS, TRANSFER_CHUNK_CHARS);
  let index = 0;
  try {
    for (let start = 0; start < json.length || index === 0; ) {
      const end = sliceEnd(json, start, size);
      await api.importBackupChunk({ importId, index, text: json.slice(start, end) });
      index++;
      start = end;
      options.onProgress?.(start, json.length);
    }
  } catch (err) {
    await api.backupTransferAbort({ id: importId }).catch(() => undefined);
    throw err;
  }
  return api.importBackupCommit({ importId, parts: index, mode: options.mode });
}
