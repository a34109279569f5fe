/**
 * The background owns the case database (IndexedDB in the extension origin) and answers every content
 * script and page through lib/messaging. It also broadcasts changes, raises overdue-promise notifications,
 * refreshes pack subscriptions, sets up the side panel and keeps the team connection (./team.ts).
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { CaselintDB } from '../../lib/cases/db';
import { createKnownHandlesSource } from '../../lib/cases/known-handles';
import { CaseStore } from '../../lib/cases/store';
import type { BroadcastMessage, CasesChangedEvent } from '../../lib/messaging/protocol';
import { registerHandlers } from '../../lib/messaging/server';
import { registerSummaryPort } from '../../lib/messaging/port';
import { forwardCommands } from './commands';
import { forgetClosedTabs, getFocus, setFocus } from './focus';
import { slowRules } from './slow-rules';
import { injectLinter } from './lint-engine';
import { OVERDUE_ALARM, ensureAlarm, notifyOverdue, openProfileOnClick } from './overdue';
import { PACKS_ALARM, PACKS_PERIOD_MINUTES, refreshPacks, watchManagedPolicy } from './packs';
import { openSidePanel, setUpPanelBehaviour } from './panel';
import { X_TABS, setUpTeam } from './team';


/** To every extension page (runtime) and every x.com tab (tabs). Nobody listening is fine. */
async function broadcast(message: BroadcastMessage, toTabs: boolean): Promise<void> {
  browser.runtime.sendMessage(message).catch(() => undefined);
  if (!toTabs) return;
  const tabs = await browser.tabs.query({ url: X_TABS });
  for (const tab of tabs) {
    if (tab.id != null) browser.tabs.sendMessage(tab.id, message).catch(() => undefined);
  }
}

export default defineBackground(() => {
  const db = new CaselintDB();
  const store = new CaseStore(db);
  // The known-handles filter content scripts use to skip lookups of strangers: built from the summaries table's
  // primary keys (customers' keys and old handles' pointer rows; keys only, no rows) and dropped on every write.
  // Every write broadcasts casesChanged through here, so dropping it here covers every write path; it is dropped
  // before the event goes out, so a tab that refetches on the event gets a filter built after the write.
  const knownHandles = createKnownHandlesSource(async () => (await db.summaries.toCollection().primaryKeys()) as string[]);
  const broadcastCasesChanged = (event: CasesChangedEvent) => {
    knownHandles.invalidate();
    broadcast({ caselint: 'casesChanged', event }, true).catch((err: unknown) => console.warn('[caselint] broadcast failed:', err));
  };

  const self = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  // Team sync: restores the sign-in, keeps the connection while someone looks, catches up on an alarm.
  const team = setUpTeam({
    db,
    store,
    selfOrigin: self.origin,
    broadcastCasesChanged,
    broadcastStatus: (status) => void browser.runtime.sendMessage({ caselint: 'teamStatus', status } satisfies BroadcastMessage).catch(() => undefined),
    broadcastPresence: (entries) => void broadcast({ caselint: 'presence', entries }, true).catch(() => undefined),
  });

  // Listeners first and synchronously, so a message that woke the worker is answered.
  registerHandlers({
    api: team.api,
    team: team.deps,
    self,
    broadcastCasesChanged,
    async setFocus(tabId, tweet) {
      const focus = await setFocus(tabId, tweet);
      void broadcast({ caselint: 'focusChanged', tabId, focus }, false);
      return focus;
    },
    getFocus,
    openSidePanel,
    async openRuleDocs(rule) {
      await browser.tabs.create({ url: `${browser.runtime.getURL('/options.html')}#/rules/${encodeURIComponent(rule)}` });
    },
    slowRules,
    injectLinter,
  });
  registerSummaryPort({ api: team.api, knownHandles: () => knownHandles.get(), self });
  forgetClosedTabs((tabId) => void broadcast({ caselint: 'focusChanged', tabId, focus: null }, false));
  setUpPanelBehaviour();
  forwardCommands();
  openProfileOnClick();

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OVERDUE_ALARM) {
      notifyOverdue(store)
        .then((due) => {
          if (due.length) broadcastCasesChanged({ handles: [...new Set(due.map((p) => p.customerKey))].sort(), all: false });
        })
        .catch((err: unknown) => console.error('[caselint] overdue check failed:', err));
    } else if (alarm.name === PACKS_ALARM) {
      void refreshPacks();
    } else team.onAlarm(alarm.name);
  });
  void ensureAlarm(OVERDUE_ALARM, 1);
  void ensureAlarm(PACKS_ALARM, PACKS_PERIOD_MINUTES);
  watchManagedPolicy(() => void refreshPacks());
  browser.runtime.onInstalled.addListener(() => void refreshPacks());
  browser.runtime.onStartup.addListener(() => void refreshPacks());
});
