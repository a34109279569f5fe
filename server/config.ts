// Environment -> server options, with the documented defaults (docs/sync-protocol.md, README "Team server").
import path from 'node:path';
import type { ServerOptions } from './app.ts';

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(`${name}=${raw} is not a number from ${min} to ${max}`);
  return n;
}

export function dataDirFrom(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DATA_DIR || '.caselint-server');
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerOptions {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError(`DATABASE_URL must start with postgres:// (got ${databaseUrl.split('@').pop()})`);
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL must start with redis://');
  if (redisUrl && !databaseUrl) {
    throw new ConfigError(
      'REDIS_URL is set but DATABASE_URL is not: several server processes must share one PostgreSQL (the embedded PGlite database is single-process). Set DATABASE_URL=postgres://… or unset REDIS_URL.',
    );
  }
  return {
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 8787, 0, 65535),
    dataDir: dataDirFrom(env),
    databaseUrl,
    redisUrl,
    tokenTtlMs: int(env, 'TOKEN_TTL_DAYS', 30, 0.0001, 3650) * 24 * 3600 * 1000,
    authFailuresPerMinute: int(env, 'AUTH_FAILURES_PER_MINUTE', 30, 1, 1_000_000),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    sweepMs: int(env, 'TOKEN_SWEEP_SECONDS', 5, 0.1, 3600) * 1000,
  };
}
