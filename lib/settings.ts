/**
 * User settings, kept in browser.storage.local under `local:settings` (see entrypoints for the storage item).
 * Pure: the schema and defaults live here so lib/, the background, the content script and the pages agree.
 */
import { z } from 'zod';
import { plainRecord } from './plain-record';

export const severitySchema = z.enum(['error', 'warning', 'info']);

export const ruleSettingSchema = z.object({
  enabled: z.boolean().optional(),
  severity: severitySchema.optional(),
  options: plainRecord(z.string().max(100), z.unknown(), { max: 100 }).optional(),
});

const handle = z
  .string()
  .trim()
  .transform((s) => s.replace(/^@/, ''))
  .pipe(z.string().regex(/^[A-Za-z0-9_]{1,15}$/, 'an X handle has 1 to 15 letters, digits or underscores'));

export const settingsSchema = z.object({
  /** The team's own handles: the brand account and each agent's. Used to tell our replies from the customer's. */
  teamHandles: z.array(handle).default([]),
  /** Ask for confirmation before posting a reply with error-level findings. */
  confirmOnError: z.boolean().default(true),
  /** Team: Post asks first when another agent replied, added a note or is replying since this conversation was opened. */
  confirmOnTeamActivity: z.boolean().default(true),
  /** Show the reply linter in X's composer. */
  lintEnabled: z.boolean().default(true),
  /** Show case chips on tweets. */
  annotateEnabled: z.boolean().default(true),
  /** The agent's own settings for rules (built-in or from packs); these win over packs. */
  rules: plainRecord(z.string().min(1).max(130), ruleSettingSchema, { max: 5000 }),
  /** Notify when a promise becomes overdue. */
  notifyOverdue: z.boolean().default(true),
});

export type Settings = z.infer<typeof settingsSchema>;
export type RuleSettingInput = z.infer<typeof ruleSettingSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** Parse stored settings leniently: unknown or broken fields fall back to defaults instead of losing the rest. */
export function parseSettings(raw: unknown): Settings {
  const full = settingsSchema.safeParse(raw ?? {});
  if (full.success) return full.data;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (raw && typeof raw === 'object') {
    for (const [key, field] of Object.entries(settingsSchema.shape)) {
      const parsed = (field as z.ZodType).safeParse((raw as Record<string, unknown>)[key]);
      if (parsed.success) out[key] = parsed.data;
    }
  }
  return out as Settings;
}

/** What the organisation's browser policy says about team handles (`storage.managed`, public/managed-schema.json). */
export interface ManagedTeamHandles {
  teamHandles?: readonly unknown[] | null;
}

export interface TeamHandleEntry {
  handle: string;
  /** 'managed': set by the organisation's policy (read-only for the agent); 'own': the agent's settings. */
  source: 'managed' | 'own';
}

/**
 * Team handles with where each comes from: the policy's first (valid ones only, "@" stripped), then the agent's
 * own that the policy does not already list. Case-insensitive duplicates are dropped.
 */
export function teamHandleEntries(settings: Pick<Settings, 'teamHandles'>, managed?: ManagedTeamHandles | null): TeamHandleEntry[] {
  const out: TeamHandleEntry[] = [];
  const seen = new Set<string>();
  const add = (value: unknown, source: TeamHandleEntry['source']) => {
    const parsed = handle.safeParse(value);
    if (!parsed.success) return;
    const key = parsed.data.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ handle: parsed.data, source });
  };
  for (const h of managed?.teamHandles ?? []) add(h, 'managed');
  for (const h of settings.teamHandles) add(h, 'own');
  return out;
}

/**
 * The handles Caselint treats as the team's: the organisation's policy handles merged with the agent's own.
 * The content script should lint and annotate with this, not with `settings.teamHandles` alone.
 */
export function effectiveTeamHandles(settings: Pick<Settings, 'teamHandles'>, managed?: ManagedTeamHandles | null): string[] {
  return teamHandleEntries(settings, managed).map((e) => e.handle);
}
