/**
 * Background side of the protocol: validate, check the sender, run, broadcast. `handleMessage` is plain logic
 * (unit-tested with fake senders); `registerHandlers` wires it to webext-core in the background.
 */
import type { CaseApi } from '../cases/api';
import type { PresenceEntry } from '../sync/presence';
import type { SlowRuleEntry } from '../packs/slow-rules';
import type { JoinPreview, TeamInfo, TeamStatus } from '../sync/session';
import { handleKey } from '../cases/types';
import { contentLimiter, summariesForContent, type ContentRateLimiter } from './limits';
import type { CustomerSummary } from '../cases/types';
import { messenger } from './messenger';
import {
  CASE_METHODS,
  WRITE_METHODS,
  caseArgSchemas,
  checkSender,
  parseArgs,
  MessageRejectedError,
  type CaseMethod,
  type CasesChangedEvent,
  type ExtensionIdentity,
  type FocusEntry,
  type FocusedTweet,
  type MessageMethod,
  type OpenSidePanelResult,
  type SenderInfo,
  type SenderLike,
} from './protocol';

export interface ServerDeps {
  api: CaseApi;
  self: ExtensionIdentity;
  /** Per-tab budgets for content scripts (limits.ts); default one for the background's life. */
  limiter?: ContentRateLimiter;
  /** Tell every x.com tab and extension page that data changed. Must not throw. */
  broadcastCasesChanged(event: CasesChangedEvent): void;
  setFocus(tabId: number, tweet: FocusedTweet | null): Promise<FocusEntry | null>;
  getFocus(tabId?: number): Promise<FocusEntry | null>;
  /** Must be called synchronously from the message handler so the user gesture still counts. */
  openSidePanel(sender: SenderInfo, tabId?: number): Promise<OpenSidePanelResult>;
  /** Opens the options page on a rule's docs in a new tab. */
  openRuleDocs?(rule: string): Promise<void>;
  /** Pack rules turned off by the time budget (lib/packs/slow-rules.ts); absent: reports are dropped, the list is empty. */
  slowRules?: {
    report(tabId: number, rule: string, ms: number): void | Promise<void>;
    list(): SlowRuleEntry[] | Promise<SlowRuleEntry[]>;
  };
  /** Injects the lint engine (/lint-engine.js) into a content script's frame, in the extension's isolated world. */
  injectLinter?(target: { tabId: number; frameId: number }): Promise<void>;
  /** Team sync; absent in tests that do not need it (then every team message answers "not available"). */
  team?: TeamDeps;
}

export interface TeamDeps {
  status(): TeamStatus | Promise<TeamStatus>;
  preview(): Promise<JoinPreview>;
  join(input: { server: string; code: string; handle?: string }): Promise<{ team: TeamInfo; uploaded: number }>;
  leave(): Promise<void>;
  /** Why this write may not run now (a viewer; clearing or replacing the team's history), or null. */
  refuseWrite(method: CaseMethod, args: unknown[]): string | null;
  reportPresence(who: SenderInfo, activity: { key: string | null; mode: 'viewing' | 'replying' | null }): void;
  presence(): PresenceEntry[] | Promise<PresenceEntry[]>;
}

const isCaseMethod = (m: string): m is CaseMethod => Object.hasOwn(caseArgSchemas, m);

/** Which customers a write touched, from its arguments and its result. */
export function changedBy(method: CaseMethod, args: unknown[], result: unknown): CasesChangedEvent {
  const handles = new Set<string>();
  const input = args[0] as Record<string, unknown> | undefined;
  for (const field of ['handle', 'from', 'into', 'to'] as const) {
    const v = input?.[field];
    if (typeof v === 'string') handles.add(handleKey(v));
  }
  const addKeyOf = (r: unknown) => {
    if (r && typeof r === 'object') {
      const key = (r as { customerKey?: unknown; key?: unknown }).customerKey ?? (r as { key?: unknown }).key;
      if (typeof key === 'string') handles.add(key);
    }
  };
  if (Array.isArray(result)) result.forEach(addKeyOf);
  else addKeyOf(result);
  const all = ['deleteNote', 'deleteDetail', 'importBackup', 'importBackupCommit', 'importCsv', 'clearAll'].includes(method) || handles.size === 0;
  return { handles: [...handles].sort(), all };
}

/** Handle one request. Throws MessageRejectedError for bad payloads or senders, the store's errors otherwise. */
export async function handleMessage(deps: ServerDeps, method: MessageMethod, data: unknown, sender: SenderLike | undefined): Promise<unknown> {
  const who = checkSender(method, sender, deps.self);
  const team = (): TeamDeps => {
    if (!deps.team) throw new MessageRejectedError('Caselint: team sync is not available here');
    return deps.team;
  };
  const args = parseArgs(method, data);
  if (who.kind === 'content') (deps.limiter ?? contentLimiter).take(who.tabId, method, method === 'summaries' ? (args[0] as unknown[]).length : 1);
  if (isCaseMethod(method)) {
    const refused = WRITE_METHODS.has(method) ? deps.team?.refuseWrite(method, args) : null;
    if (refused) throw new MessageRejectedError(`Caselint: ${refused}`);
    const fn = deps.api[method] as (...a: unknown[]) => Promise<unknown>;
    const answer = await fn.apply(deps.api, args);
    // A content script's batch lookup gets the chip's summary, not every known detail (limits.ts).
    const result = method === 'summaries' && who.kind === 'content' ? summariesForContent(answer as Record<string, CustomerSummary>) : answer;
    if (WRITE_METHODS.has(method)) {
      // duePromises without markNotified changes nothing.
      if (method !== 'duePromises' || (args[0] as { markNotified?: boolean }).markNotified) {
        const event = changedBy(method, args, result);
        if (method !== 'duePromises' || event.handles.length > 0) deps.broadcastCasesChanged(event);
      }
    }
    return result;
  }
  switch (method) {
    case 'openSidePanel': {
      const input = args[0] as { tabId?: number } | undefined;
      return deps.openSidePanel(who, input?.tabId);
    }
    case 'focusTweet': {
      if (who.kind !== 'content') throw new MessageRejectedError('Caselint: rejected "focusTweet": only a content script in an x.com tab sets the focus');
      const { tweet } = args[0] as { tweet: FocusedTweet | null };
      await deps.setFocus(who.tabId, tweet);
      return undefined;
    }
    case 'getFocus': {
      const { tabId } = args[0] as { tabId?: number };
      return deps.getFocus(tabId);
    }
    case 'teamStatus':
      return team().status();
    case 'teamPreview':
      return team().preview();
    case 'teamJoin': {
      const input = args[0] as { server: string; code: string; handle?: string };
      return team().join({ server: input.server, code: input.code, handle: input.handle || undefined });
    }
    case 'teamLeave':
      return team().leave();
    case 'reportPresence': {
      // Not in a team: nothing to report to, and nothing wrong with trying.
      if (!deps.team) return undefined;
      deps.team.reportPresence(who, args[0] as { key: string | null; mode: 'viewing' | 'replying' | null });
      return undefined;
    }
    case 'getPresence':
      return deps.team ? deps.team.presence() : [];
    case 'openRuleDocs': {
      const { rule } = args[0] as { rule: string };
      if (!deps.openRuleDocs) throw new MessageRejectedError('Caselint: opening docs is not available here');
      return deps.openRuleDocs(rule);
    }
    case 'reportSlowRule': {
      if (who.kind !== 'content') throw new MessageRejectedError('Caselint: rejected "reportSlowRule": only a content script in an x.com tab reports its linter');
      const { rule, ms } = args[0] as { rule: string; ms: number };
      await deps.slowRules?.report(who.tabId, rule, ms);
      return undefined;
    }
    case 'slowRules':
      return deps.slowRules ? deps.slowRules.list() : [];
    case 'loadLinter': {
      if (who.kind !== 'content') throw new MessageRejectedError('Caselint: rejected "loadLinter": only a content script in an x.com tab loads the lint engine');
      if (!deps.injectLinter) throw new MessageRejectedError('Caselint: the lint engine is not available here');
      return deps.injectLinter({ tabId: who.tabId, frameId: who.frameId });
    }
  }
  throw new MessageRejectedError(`Caselint: unknown message "${String(method)}"`);
}

/** Register every handler with webext-core. Call once, synchronously, at the top of the background. */
export function registerHandlers(deps: ServerDeps): () => void {
  const methods: MessageMethod[] = [...CASE_METHODS, 'focusTweet', 'getFocus', 'openSidePanel', 'teamStatus', 'teamPreview', 'teamJoin', 'teamLeave', 'reportPresence', 'getPresence', 'openRuleDocs', 'reportSlowRule', 'slowRules', 'loadLinter'];
  const removers = methods.map((method) =>
    messenger.onMessage(method, (message) => handleMessage(deps, method, message.data, message.sender) as never),
  );
  return () => removers.forEach((remove) => remove());
}
