/**
 * Keyboard shortcuts (manifest `commands`, rebindable at chrome://extensions/shortcuts or Firefox's Manage
 * Extension Shortcuts). The browser delivers them here, trusted: x.com's scripts cannot fire them. "open-card" is
 * passed to the tab it was pressed in, whose content script opens the card of the tweet X's j/k selected. The
 * side panel's shortcut is the browser's own (`_execute_action` / `_execute_sidebar_action`), handled by it.
 */
import { browser } from 'wxt/browser';
import { CASELINT_COMMANDS, type BroadcastMessage, type CaselintCommand } from '../../lib/messaging/protocol';

export function forwardCommands(): void {
  browser.commands?.onCommand.addListener((name, tab) => {
    if (!CASELINT_COMMANDS.includes(name as CaselintCommand)) return;
    const send = (tabId: number) =>
      browser.tabs.sendMessage(tabId, { caselint: 'command', name: name as CaselintCommand } satisfies BroadcastMessage).catch(() => undefined);
    if (tab?.id != null) void send(tab.id);
    else
      void browser.tabs.query({ active: true, currentWindow: true }).then(([active]) => {
        if (active?.id != null) return send(active.id);
      });
  });
}
