/**
 * What content scripts, the options page and the side panel use to reach the background: a `CaseApi` over
 * typed messages, plus focus / side-panel helpers. The database itself never leaves the background.
 */
import type { CaseApi } from '../cases/api';
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
