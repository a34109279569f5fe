/** Side panel (Chrome) / sidebar (Firefox): open on request and from the toolbar button. */
import { browser } from 'wxt/browser';
import type { OpenSidePanelResult, SenderInfo } from '../../lib/messaging/protocol';

interface FirefoxSidebar {
  open(): Promise<void>;
  toggle?(): Promise<void>;
}
const sidebarAction = (): FirefoxSidebar | undefined => (browser as unknown as { sidebarAction?: FirefoxSidebar }).sidebarAction;

/** Called synchronously from the message handler: both browsers want a user gesture, which does not survive awaits. */
export function openSidePanel(sender: SenderInfo, tabId?: number): Promise<OpenSidePanelResult> {
  const fail = (err: unknown): OpenSidePanelResult => ({ opened: false, error: err instanceof Error ? err.message : String(err) });
  try {
    const sidebar = sidebarAction();
    if (sidebar) return sidebar.open().then(() => ({ opened: true }), fail);
    const target = tabId ?? sender.tabId ?? undefined;
    if (!browser.sidePanel) return Promise.resolve({ opened: false, error: 'this browser has no side panel API' });
    if (target === undefined) return Promise.resolve({ opened: false, error: 'no tab to open the side panel for' });
    return browser.sidePanel.open({ tabId: target }).then(() => ({ opened: true }), fail);
  } catch (err) {
    return Promise.resolve(fail(err));
  }
}

/** Chrome: the toolbar button opens the side panel. Firefox: it toggles the sidebar. */
export function setUpPanelBehaviour(): void {
  if (browser.sidePanel?.setPanelBehavior) {
    browser.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch((err: unknown) => console.warn('[caselint] side panel behaviour:', err));
    return;
  }
  const sidebar = sidebarAction();
  const button = (browser as unknown as { browserAction?: typeof browser.action }).browserAction ?? browser.action;
  if (sidebar?.toggle && button) button.onClicked.addListener(() => void sidebar.toggle!());
}
