// @vitest-environment node
// The embedded database's settings: a small shared_buffers (PostgreSQL's 128 MB default made an idle server's
// PGlite memory ~190 MB), and a new data directory made in one step (initdb, close, open) keeps what is written.
import fs from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { fetchDocument, openDatabase, PGLITE_SHARED_BUFFERS, storeDocument } from '../../../server/storage.ts';
import { tempDir } from './helpers.ts';

const dir = tempDir('caselint-storage-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('a new embedded database runs with the small shared_buffers and keeps documents across a restart', async () => {
  const db = await openDatabase({ dataDir: dir });
  try {
    expect(await db.query<{ shared_buffers: string }>('SHOW shared_buffers')).toEqual([{ shared_buffers: PGLITE_SHARED_BUFFERS }]);
    await storeDocument(db, 'team:t1:customer:h-kevinm', new Uint8Array([1, 2, 3]));
  } finally {
    await db.close();
  }
  const again = await openDatabase({ dataDir: dir });
  try {
    expect(await fetchDocument(again, 'team:t1:customer:h-kevinm')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await again.query<{ shared_buffers: string }>('SHOW shared_buffers')).toEqual([{ shared_buffers: PGLITE_SHARED_BUFFERS }]);
  } finally {
    await again.close();
  }
}, 60_000);
