/**
 * Storage of installed packs behind a tiny injected key-value interface; the background backs it with
 * browser.storage.local, tests with a Map. The list order is the precedence order (first wins).
 */
import { z } from 'zod';
import type { InstalledPack } from './subscriptions';

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export const PACKS_KEY = 'packs:installed';

const installedPackSchema = z.object({
  id: z.string().min(1),
  origin: z.enum(['file', 'url', 'subscription', 'managed']),
  url: z.string().nullable().default(null),
  etag: z.string().nullable().default(null),
  lastModified: z.string().nullable().default(null),
  pinned: z.boolean().default(false),
  enabled: z.boolean().default(true),
  text: z.string(),
  version: z.string(),
  lastCheckedAt: z.number().nullable().default(null),
  lastError: z.string().nullable().default(null),
});

/** A Map-backed store for tests and the CLI. */
export function memoryStore(initial: Record<string, unknown> = {}): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: async (k) => structuredClone(data.get(k)),
    set: async (k, v) => {
      data.set(k, structuredClone(v));
    },
  };
}

export class PackStorage {
  constructor(private readonly kv: KeyValueStore) {}

  /** Installed packs in precedence order. Broken records are skipped (and reported), never dropped from storage. */
  async list(): Promise<InstalledPack[]> {
    return (await this.read()).packs;
  }

  async read(): Promise<{ packs: InstalledPack[]; broken: number }> {
    const raw = await this.kv.get(PACKS_KEY);
    if (!Array.isArray(raw)) return { packs: [], broken: 0 };
    const packs: InstalledPack[] = [];
    let broken = 0;
    for (const item of raw) {
      const p = installedPackSchema.safeParse(item);
      if (p.success) packs.push(p.data);
      else broken++;
    }
    return { packs, broken };
  }

  private async write(packs: InstalledPack[]): Promise<void> {
    // Keep records we could not parse: bad data is reported, not lost.
    const raw = await this.kv.get(PACKS_KEY);
    const broken = Array.isArray(raw) ? raw.filter((r) => !installedPackSchema.safeParse(r).success) : [];
    await this.kv.set(PACKS_KEY, [...packs, ...broken]);
  }

  async get(id: string): Promise<InstalledPack | undefined> {
    return (await this.list()).find((p) => p.id === id);
  }

  /** Insert or replace by id; a new pack goes to the end of the list (lowest precedence). */
  async save(pack: InstalledPack): Promise<void> {
    const packs = await this.list();
    const i = packs.findIndex((p) => p.id === pack.id);
    if (i >= 0) packs[i] = pack;
    else packs.push(pack);
    await this.write(packs);
  }

  async saveAll(packs: InstalledPack[]): Promise<void> {
    await this.write(packs);
  }

  async remove(id: string): Promise<void> {
    await this.write((await this.list()).filter((p) => p.id !== id));
  }

  /** Reorder: ids listed first, in that order; packs not mentioned keep their relative order after them. */
  async reorder(ids: string[]): Promise<void> {
    const packs = await this.list();
    const byId = new Map(packs.map((p) => [p.id, p]));
    const first = ids.map((id) => byId.get(id)).filter((p): p is InstalledPack => !!p);
    const rest = packs.filter((p) => !ids.includes(p.id));
    await this.write([...first, ...rest]);
  }
}
