/**
 * Live updates. The background broadcasts a `casesChanged` event after every write (to every x.com tab and
 * every extension page) and `focusChanged` when a tab's focused tweet changes (to extension pages).
 */
import { browser } from 'wxt/browser';
import type { PresenceEntry } from '../sync/presence';
import type { TeamStatus } from '../sync/session';
import { CASELINT_COMMANDS, isBroadcast, type BroadcastMessage, type CaselintCommand, type CasesChangedEvent, type FocusEntry } from './protocol';

type RuntimeSender = { id?: string; tab?: unknown };

function listen(onEvent: (msg: BroadcastMessage) => void, signal?: AbortSignal): () => void {
  if (signal?.aborted) return () => {};
  const listener = (message: unknown, sender: RuntimeSender) => {
    // Only the background broadcasts: it is this extension and not in a tab. Never answer (return undefined),
    // so requests to the background are left to it.
    if (sender?.id !== browser.runtime.id || sender.tab) return undefined;
    if (isBroadcast(message)) onEvent(message);
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  const stop = () => browser.runtime.onMessage.removeListener(listener);
  signal?.addEventListener('abort', stop, { once: true });
  return stop;
}

/** Call `cb` whenever case data changes anywhere. Returns an unsubscribe function; also stops on `signal`. */
export function onCasesChanged(cb: (e: CasesChangedEvent) => void, signal?: AbortSignal): () => void {
  return listen((msg) => {
    if (msg.caselint === 'casesChanged') cb(msg.event);
  }, signal);
}

/** Extension pages: call `cb` whenever a tab's focused tweet changes. */
export function onFocusChanged(cb: (e: { tabId: number; focus: FocusEntry | null }) => void, signal?: AbortSignal): () => void {
  return listen((msg) => {
    if (msg.caselint === 'focusChanged') cb({ tabId: msg.tabId, focus: msg.focus });
  }, signal);
}

/** Extension pages: call `cb` whenever the team sign-in or its connection changes. */
export function onTeamStatus(cb: (status: TeamStatus) => void, signal?: AbortSignal): () => void {
  return listen((msg) => {
    if (msg.caselint === 'teamStatus') cb(msg.status);
  }, signal);
}

/** x.com tabs and pages: call `cb` whenever who else of the team is on which customer changes. */
export function onPresence(cb: (entries: PresenceEntry[]) => void, signal?: AbortSignal): () => void {
  return listen((msg) => {
    if (msg.caselint === 'presence') cb(msg.entries);
  }, signal);
}

/** x.com tabs: call `cb` when the agent pressed one of Caselint's keyboard shortcuts in this tab. */
export function onCommand(cb: (name: CaselintCommand) => void, signal?: AbortSignal): () => void {
  return listen((msg) => {
    if (msg.caselint === 'command' && CASELINT_COMMANDS.includes(msg.name)) cb(msg.name);
  }, signal);
}
