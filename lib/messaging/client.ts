/**
 * What content scripts, the options page and the side panel use to reach the background: a `CaseApi` over
 * typed messages, plus focus / side-panel helpers. The database itself never leaves the background.
 */
import { browser } from 'wxt/browser';
import type { CaseApi } from '../cases/api';
import type { JoinPreview, TeamInfo, TeamStatus } from '../sync/session';
import { messenger } from './messenger';
import { CASE_METHODS, type FocusEntry, type FocusedTweet, type OpenSidePanelResult } from './protocol';

/** A `CaseApi` whose every call is a message to the background. Errors thrown there are re-thrown here. */
export function createCaseClient(): CaseApi {
  const client: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of CASE_METHODS) {
    client[method] = (...args: unknown[]) => messenger.sendMessage(method, args as never);
  }
  return client as unknown as CaseApi;
}

/** Content script: tell the background which tweet the agent is replying to / has selected (null clears it). */
export function focusTweet(tweet: FocusedTweet | null): Promise<void> {
  return messenger.sendMessage('focusTweet', [{ tweet }]);
}

/** Extension page: the focus of a tab, or without tabId the most recent focus in any tab. */
export function getFocus(tabId?: number): Promise<FocusEntry | null> {
  return messenger.sendMessage('getFocus', [tabId === undefined ? {} : { tabId }]);
}

/** Content script or page: open the side panel (Chrome) / sidebar (Firefox). Call it from a click handler. */
export function openSidePanel(tabId?: number): Promise<OpenSidePanelResult> {
  return messenger.sendMessage('openSidePanel', [tabId === undefined ? {} : { tabId }]);
}

/** Extension pages: the team sign-in (lib/sync/session.ts through the background). */
export const teamClient = {
  status: (): Promise<TeamStatus> => messenger.sendMessage('teamStatus', []),
  preview: (): Promise<JoinPreview> => messenger.sendMessage('teamPreview', []),
  join: (input: { server: string; code: string; handle?: string }): Promise<{ team: TeamInfo; uploaded: number }> =>
    messenger.sendMessage('teamJoin', [input]),
  leave: (): Promise<void> => messenger.sendMessage('teamLeave', []),
};

/** The port name an open extension page holds so the background keeps the team connection while it is open. */
export const TEAM_PORT = 'caselint-team';

/** Extension pages: keep the team connection open while this page is (until `signal` aborts). */
export function holdTeamConnection(signal: AbortSignal): void {
  if (signal.aborted) return;
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  const open = () => {
    if (signal.aborted) return;
    port = browser.runtime.connect({ name: TEAM_PORT });
    // The worker may be stopped and restarted: reconnect so the background knows this page is still open.
    port.onDisconnect.addListener(() => {
      port = null;
      if (!signal.aborted) setTimeout(open, 1000);
    });
  };
  open();
  signal.addEventListener('abort', () => port?.disconnect(), { once: true });
}
