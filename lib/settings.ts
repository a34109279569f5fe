/**
 * User settings, kept in browser.storage.local under `local:settings` (see entrypoints for the storage item).
 * Pure: the schema and defaults live here so lib/, the background, the content script and the pages agree.
 */
import { z } from 'zod';

export const severitySchema = z.enum(['error', 'warning', 'info']);

export const ruleSettingSchema = z.object({
  enabled: z.boolean().optional(),
  severity: severitySchema.optional(),
  options: z.record(z.string(), z.unknown()).optional(),
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
  /** Show the reply linter in X's composer. */
  lintEnabled: z.boolean().default(true),
  /** Show case chips on tweets. */
  annotateEnabled: z.boolean().default(true),
  /** The agent's own settings for rules (built-in or from packs); these win over packs. */
  rules: z.record(z.string(), ruleSettingSchema).default({}),
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
