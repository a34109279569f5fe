export { LIMITS, packSchema, packRuleSchema, whenSchema } from './schema';
export type { Pack, PackInput, PackRule, PackRuleType, PackWhen, PackExample } from './schema';
export { compileMatcher, PatternError } from './patterns';
export type { CompiledMatcher, Match } from './patterns';
export { compilePack, toRuleExample, fillTemplate } from './compile';
export type { CompiledPack, CompiledPackRule } from './compile';
export { loadPack, formatPackError, formatPath, looksJson } from './load';
export type { PackError, LoadResult } from './load';
export { packDiagnostics, lineStarts, offsetAt, positionOf, openingQuote } from './diagnostics';
export type { PackDiagnostic } from './diagnostics';
export { runPackExamples, packExampleRequest } from './examples';
export type { PackExampleResult, PackExamplesReport } from './examples';
export { resolveConfig, USER_SOURCE } from './resolve';
export type { ResolvablePack, ResolvedConfig, RuleDecision } from './resolve';
export {
  refreshSubscription,
  fetchPackFromUrl,
  vetPackText,
  makeInstalledPack,
  parseManagedPolicy,
  syncManagedPacks,
  checkHttpsUrl,
  readLimited,
  FetchPackError,
} from './subscriptions';
export type { InstalledPack, PackOrigin, FetchFn, FetchResponse, ManagedPolicy } from './subscriptions';
export { PackStorage, memoryStore, PACKS_KEY } from './storage';
export type { KeyValueStore } from './storage';
