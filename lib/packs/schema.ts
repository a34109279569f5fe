/**
 * The rule-pack format, validated with zod. Pure: no DOM, no browser APIs.
 * See docs/packs.md for the reference (every field below is documented there).
 */
import { z } from 'zod';
import { DETAIL_KINDS } from '../lint/types';
import { plainRecord } from '../plain-record';
import { ruleSettingSchema, severitySchema } from '../settings';

/** Documented limits (docs/packs.md, "Limits"). Packs come from other people: keep them small and bounded. */
export const LIMITS = {
  /** Size of a pack file, in UTF-16 code units (close to bytes for the ASCII that packs mostly are). */
  packChars: 256 * 1024,
  rules: 1000,
  /** Characters of one pattern or phrase. */
  patternChars: 500,
  /** Patterns + phrases (or swap entries) of one rule, and patterns of one `when` condition. */
  patternsPerRule: 200,
  /** Valid + invalid examples of one rule. */
  examplesPerRule: 50,
  messageChars: 500,
  /** Length of an example draft or tweet text. */
  exampleChars: 2000,
  /** Bytes read from the network for a subscription or import (same as packChars). */
  downloadBytes: 256 * 1024,
} as const;

const patternString = z
  .string()
  .min(1, 'a pattern cannot be empty')
  .max(LIMITS.patternChars, `a pattern is at most ${LIMITS.patternChars} characters`);

/**
 * A list of patterns. Lengths are checked in one pass over the list rather than by a schema per string: a pack at
 * the size limit has 12,000 patterns, and two checks each were a third of validating it. Same messages and paths.
 */
const patternList = z
  .array(z.string())
  .max(LIMITS.patternsPerRule, `at most ${LIMITS.patternsPerRule} patterns`)
  .superRefine((list, ctx) => {
    for (let i = 0; i < list.length; i++) {
      const n = list[i]!.length;
      if (n === 0) ctx.addIssue({ code: 'custom', message: 'a pattern cannot be empty', path: [i], input: list[i] });
      else if (n > LIMITS.patternChars) ctx.addIssue({ code: 'custom', message: `a pattern is at most ${LIMITS.patternChars} characters`, path: [i], input: list[i] });
    }
  });

/** Pack names namespace their rules (`name/rule-id`), so they are short slugs. */
export const packNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a pack name is 1 to 63 lower-case letters, digits or "-", starting with a letter or digit');

export const ruleIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a rule id is 1 to 63 lower-case letters, digits or "-", starting with a letter or digit');

const semverSchema = z
  .string({
    error: (iss) =>
      iss.input === undefined ? 'required field is missing' : 'version must be semver text such as "1.0.0" (in YAML, 1.0 is a number: write 1.0.0)',
  })
  .regex(
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/,
    'version must be semver, e.g. 1.0.0',
  );

const detailKindSchema = z.enum(DETAIL_KINDS);
const detailKinds = z.union([detailKindSchema, z.array(detailKindSchema).min(1)]);

/** Context conditions; all given conditions must hold (AND). */
export const whenSchema = z.strictObject({
  /** The tweet answered matches at least one of these patterns. */
  tweetMatches: patternList.min(1).optional(),
  /** The tweet answered matches none of these patterns. */
  tweetNotMatches: patternList.min(1).optional(),
  /** The tweet answered or a tweet above it in the thread matches at least one pattern. */
  threadMatches: patternList.min(1).optional(),
  /** true: the customer has an open (not done) promise; false: none. */
  openPromise: z.boolean().optional(),
  /** true: the customer has at least one open case; false: none. */
  openCase: z.boolean().optional(),
  /** A known detail of (one of) these kinds exists. */
  hasDetail: detailKinds.optional(),
  /** No known detail of these kinds exists. */
  lacksDetail: detailKinds.optional(),
  /** true: the team has not replied to this customer before; false: it has. */
  firstReply: z.boolean().optional(),
  /** true: the tweet replies to or mentions one of the brand's handles; false: it does not. */
  addressingBrand: z.boolean().optional(),
});
export type PackWhen = z.infer<typeof whenSchema>;

const tweetInput = z.union([
  z.string().max(LIMITS.exampleChars),
  z.strictObject({
    author: z.string().max(64).optional(),
    text: z.string().max(LIMITS.exampleChars),
    inReplyTo: z.string().max(64).nullable().optional(),
    mentions: z.array(z.string().max(64)).max(50).optional(),
  }),
]);

const historyInput = z.strictObject({
  details: z
    .array(z.strictObject({ kind: detailKindSchema, value: z.string().max(500) }))
    .max(50)
    .optional(),
  notes: z.array(z.string().max(LIMITS.exampleChars)).max(50).optional(),
  replies: z
    .array(z.union([z.string().max(LIMITS.exampleChars), z.strictObject({ text: z.string().max(LIMITS.exampleChars), at: z.string().optional() })]))
    .max(50)
    .optional(),
  promises: z
    .array(
      z.union([
        z.string().max(500),
        z.strictObject({ text: z.string().max(500), due: z.string().nullable().optional(), done: z.boolean().optional() }),
      ]),
    )
    .max(50)
    .optional(),
  openCases: z.number().int().min(0).max(1000).optional(),
});

export const exampleSchema = z.union([
  z.string().max(LIMITS.exampleChars),
  z.strictObject({
    draft: z.string().max(LIMITS.exampleChars),
    tweet: tweetInput.optional(),
    thread: z
      .array(z.strictObject({ author: z.string().max(64), text: z.string().max(LIMITS.exampleChars) }))
      .max(20)
      .optional(),
    history: historyInput.optional(),
    brand: z.array(z.string().max(64)).max(20).optional(),
    /** Invalid examples: text the finding must cover. */
    expect: z.string().max(LIMITS.exampleChars).optional(),
    note: z.string().max(500).optional(),
  }),
]);
export type PackExample = z.infer<typeof exampleSchema>;

const baseRule = {
  id: ruleIdSchema,
  severity: severitySchema,
  message: z.string().min(1).max(LIMITS.messageChars),
  description: z.string().max(2000).optional(),
  docs: z.url({ protocol: /^https?$/, error: 'docs must be an http(s) URL' }).optional(),
  ignoreCase: z.boolean().default(true),
  /** Patterns and phrases only match whole words (letters/digits/_ on neither side). */
  wholeWord: z.boolean().default(true),
  when: whenSchema.optional(),
  examples: z
    .strictObject({ valid: z.array(exampleSchema).default([]), invalid: z.array(exampleSchema).default([]) })
    .refine((e) => e.valid.length + e.invalid.length <= LIMITS.examplesPerRule, `at most ${LIMITS.examplesPerRule} examples per rule`)
    .default({ valid: [], invalid: [] }),
};

const matchers = {
  /** Regular expressions (RE2 syntax: no backreferences, no lookaround). */
  patterns: patternList.optional(),
  /** Literal phrases (no regex syntax). */
  phrases: patternList.optional(),
};

function needsMatchers(r: { patterns?: string[]; phrases?: string[] }): boolean {
  return (r.patterns?.length ?? 0) + (r.phrases?.length ?? 0) > 0;
}
const needsMatchersMsg = { message: 'give at least one entry in "patterns" or "phrases"', path: ['patterns'] };

export const existenceRuleSchema = z
  .strictObject({ ...baseRule, type: z.literal('existence'), ...matchers })
  .refine(needsMatchers, needsMatchersMsg);

export const substitutionRuleSchema = z
  .strictObject({
    ...baseRule,
    type: z.literal('substitution'),
    /** What not to say -> what to say instead (one suggestion, or several). */
    swap: plainRecord(patternString, z.union([z.string().max(LIMITS.patternChars), z.array(z.string().max(LIMITS.patternChars)).min(1).max(10)]), {
      max: LIMITS.patternsPerRule,
    }).refine((s) => Object.keys(s).length >= 1, 'give at least one "phrase": "replacement" entry'),
    /** Treat the keys of `swap` as regular expressions instead of literal phrases. */
    regex: z.boolean().default(false),
  });

export const occurrenceRuleSchema = z
  .strictObject({
    ...baseRule,
    type: z.literal('occurrence'),
    ...matchers,
    max: z.number().int().min(0).optional(),
    min: z.number().int().min(1).optional(),
  })
  .refine(needsMatchers, needsMatchersMsg)
  .refine((r) => r.max !== undefined || r.min !== undefined, { message: 'give "max", "min" or both', path: ['max'] })
  .refine((r) => r.max === undefined || r.min === undefined || r.min <= r.max, { message: '"min" is larger than "max"', path: ['min'] });

export const requiresRuleSchema = z
  .strictObject({ ...baseRule, type: z.literal('requires'), ...matchers })
  .refine(needsMatchers, needsMatchersMsg);

export const packRuleSchema = z.discriminatedUnion('type', [
  existenceRuleSchema,
  substitutionRuleSchema,
  occurrenceRuleSchema,
  requiresRuleSchema,
]);
export type PackRule = z.infer<typeof packRuleSchema>;
export type PackRuleType = PackRule['type'];

export const packSchema = z
  .strictObject({
    name: packNameSchema,
    version: semverSchema,
    description: z.string().min(1).max(2000),
    author: z.string().max(200).optional(),
    homepage: z.url({ protocol: /^https?$/, error: 'homepage must be an http(s) URL' }).optional(),
    /** Settings for built-in rules (or rules of other packs), keyed by rule id. */
    settings: plainRecord(
      z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}(?:\/[a-z0-9][a-z0-9-]{0,62})?$/, 'a setting is keyed by a rule id ("rule-id" or "pack/rule-id")'),
      ruleSettingSchema,
      { max: LIMITS.rules },
    ),
    rules: z.array(packRuleSchema).max(LIMITS.rules, `a pack has at most ${LIMITS.rules} rules`).default([]),
  })
  .superRefine((pack, ctx) => {
    const seen = new Map<string, number>();
    pack.rules.forEach((rule, i) => {
      const first = seen.get(rule.id);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}" (also rules[${first}])` });
      } else seen.set(rule.id, i);
    });
  });
export type Pack = z.infer<typeof packSchema>;
export type PackInput = z.input<typeof packSchema>;
