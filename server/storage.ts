// Storage for the team server: one SQL schema, run by PGlite (embedded, a data directory on disk) or by a real
// PostgreSQL (DATABASE_URL through `pg`). Everything else in server/ talks to the `Db` interface only.
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, for the start line (a directory, or the URL without its password). */
  readonly where: string;
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Versioned migrations: each runs once, in order, inside one transaction, recorded in schema_migrations. */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'teams, agents, invites, tokens, documents',
    sql: `
      CREATE TABLE teams (
        id text PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE TABLE agents (
        id text PRIMARY KEY,
        team_id text NOT NULL REFERENCES teams(id),
        email text NOT NULL,
        handle text,
        role text NOT NULL CHECK (role IN ('agent', 'viewer', 'lead')),
        created_at timestamptz NOT NULL,
        UNIQUE (team_id, email)
      );
      CREATE TABLE invites (
        id text PRIMARY KEY,
        team_id text NOT NULL REFERENCES teams(id),
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('agent', 'viewer', 'lead')),
        handle text,
        code_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        agent_id text REFERENCES agents(id)
      );
      CREATE INDEX invites_email ON invites (email);
      CREATE TABLE tokens (
        id text PRIMARY KEY,
        agent_id text NOT NULL REFERENCES agents(id),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE INDEX tokens_agent ON tokens (agent_id);
      CREATE TABLE documents (
        name text PRIMARY KEY,
        data bytea NOT NULL,
        updated_at timestamptz NOT NULL
      );
    `,
  },
];

export async function migrate(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    // Two processes starting at once on one PostgreSQL: the second waits here, then finds the work done.
    await tx.query('SELECT pg_advisory_xact_lock(727401)');
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`);
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    let applied = 0;
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const statement of m.sql.split(';').map((s) => s.trim()).filter(Boolean)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date()]);
      applied++;
    }
    return applied;
  });
}

/**
 * PGlite's shared_buffers. PostgreSQL's default, 128 MB, grows the WebAssembly memory to ~190 MB at start; the
 * documents table of a team of 10,000 customers is ~50 MB, and its files stay in the OS page cache anyway.
 */
export const PGLITE_SHARED_BUFFERS = '16MB';

/** The embedded database. One process at a time: a lock file in the data directory says who has it. */
export async function openPglite(dataDir: string): Promise<Db> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireLock(path.join(dataDir, 'pglite.lock'));
  const { PGlite } = await import('@electric-sql/pglite');
  const pgdata = path.join(dataDir, 'pgdata');
  const options = { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`] };
  let pg: InstanceType<typeof PGlite>;
  try {
    if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
      // A new data directory: PGlite runs initdb in a second WebAssembly instance whose memory (~430 MB) stays
      // reachable from the PGlite object for its whole life. Create, close, open again: the server keeps only the
      // database's own instance.
      await (await PGlite.create(pgdata, options)).close();
    }
    pg = await PGlite.create(pgdata, options);
  } catch (e) {
    lock.release();
    throw e;
  }
  let tail: Promise<unknown> = Promise.resolve();
  // PGlite runs one statement at a time; queue transactions so a query outside one never lands inside another.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  return {
    kind: 'pglite',
    where: path.resolve(dataDir),
    query: <T>(text: string, params?: unknown[]) => serial(async () => (await pg.query<T>(text, params)).rows),
    transaction: <T>(fn: (tx: Sql) => Promise<T>) =>
      serial(() => pg.transaction((tx) => fn({ query: async <R>(t: string, p?: unknown[]) => (await tx.query<R>(t, p)).rows }))),
    close: async () => {
      await tail;
      try {
        await pg.close();
      } finally {
        lock.release();
      }
    },
  };
}

export async function openPostgres(url: string): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', (e) => console.error(`caselint-server: PostgreSQL connection error: ${e.message}`));
  await pool.query('SELECT 1');
  let where = url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    where = u.toString();
  } catch {
    where = 'postgres';
  }
  return {
    kind: 'postgres',
    where,
    query: async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
    transaction: async <T>(fn: (tx: Sql) => Promise<T>) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: async <R>(t: string, p?: unknown[]) => (await client.query(t, p)).rows as R[] });
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string }): Promise<Db> {
  const db = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openPglite(opts.dataDir);
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

// ---- documents ----

export async function fetchDocument(db: Sql, name: string): Promise<Uint8Array | null> {
  const rows = await db.query<{ data: Uint8Array }>('SELECT data FROM documents WHERE name = $1', [name]);
  return rows[0] ? new Uint8Array(rows[0].data) : null;
}

/**
 * Stores a document's full state. With `merge` (several processes sharing the database), the stored state is merged
 * with what is already there inside one transaction, so a process whose copy lags behind can never drop updates
 * another process stored.
 */
export async function storeDocument(db: Db, name: string, state: Uint8Array, merge = false): Promise<void> {
  const now = new Date();
  if (!merge) {
    await db.query(
      `INSERT INTO documents (name, data, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
      [name, state, now],
    );
    return;
  }
  await db.transaction(async (tx) => {
    const rows = await tx.query<{ data: Uint8Array }>('SELECT data FROM documents WHERE name = $1 FOR UPDATE', [name]);
    const data = rows[0] ? Y.mergeUpdates([new Uint8Array(rows[0].data), state]) : state;
    await tx.query(
      `INSERT INTO documents (name, data, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
      [name, data, now],
    );
  });
}

/** Many documents in one query (the pull path). */
export async function fetchDocuments(db: Sql, names: string[]): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  if (names.length === 0) return out;
  const rows = await db.query<{ name: string; data: Uint8Array }>('SELECT name, data FROM documents WHERE name = ANY($1::text[])', [names]);
  for (const r of rows) out.set(r.name, new Uint8Array(r.data));
  return out;
}

// ---- lock file for the embedded database ----

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirBusyError extends Error {
  constructor(
    readonly file: string,
    readonly pid: number,
  ) {
    super(`the embedded database in ${path.dirname(file)} is open in another process (pid ${pid}); PGlite is single-process`);
  }
}

function acquireLock(file: string): { release(): void } {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return {
        release: () => {
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) throw new DataDirBusyError(file, pid);
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`cannot lock ${file}`);
}
