/**
 * The team connection in the background (lib/sync/session.ts does the work). MV3 puts the worker to sleep, so:
 * - the connection is open while an x.com tab or an extension page holding the team port is open, and closed
 *   (after a short grace) when none is; a keep-alive call every 20 s keeps the worker awake meanwhile;
 * - an alarm every minute wakes the worker, connects, pulls what changed, and closes again when nobody looks;
 * - every message waits for the sign-in to be restored, so a write that wakes the worker is captured for the team.
 */
import { browser } from 'wxt/browser';
import type { CaseApi } from '../../lib/cases/api';
import type { CaselintDB } from '../../lib/cases/db';
import type { CaseStore } from '../../lib/cases/store';
import { handleKey } from '../../lib/cases/types';
import { TEAM_PORT } from '../../lib/messaging/client';
import type { CaseMethod, CasesChangedEvent } from '../../lib/messaging/protocol';
import type { TeamDeps } from '../../lib/messaging/server';
import { LocalPresence, PresenceBoard, type PresenceEntry } from '../../lib/sync/presence';
import { TeamSession, type TeamStatus } from '../../lib/sync/session';
import { ensureAlarm } from './overdue';

export const SYNC_ALARM = 'caselint-sync';
/** The x.com tabs the content script runs in (the background broadcasts to them; the team connects while one is open). */
export const X_TABS = ['https://x.com/*', 'https://twitter.com/*'];
const GRACE_MS = 15_000;
const KEEPALIVE_MS = 20_000;
const CATCH_UP_MS = 25_000;
const PRESENCE_BEAT_MS = 10_000;

export interface Team {
  /** Resolves once the saved sign-in is restored (or known absent). */
  ready: Promise<void>;
  deps: TeamDeps;
  /** The case API for messages: waits for `ready`; `history` also says whether this browser has unsynced changes. */
  api: CaseApi;
  onAlarm(name: string): boolean;
}

export function setUpTeam(input: {
  db: CaselintDB;
  store: CaseStore;
  selfOrigin: string;
  broadcastCasesChanged(event: CasesChangedEvent): void;
  broadcastStatus(status: TeamStatus): void;
  /** To every x.com tab and extension page: who else of the team is on which customer. */
  broadcastPresence(entries: PresenceEntry[]): void;
}): Team {
  // Presence: this browser's tabs -> one awareness state; the team's states -> entries per customer.
  const local = new LocalPresence();
  const board = new PresenceBoard({ me: () => session.actor });
  let presenceTimer: ReturnType<typeof setTimeout> | null = null;
  const pushPresence = () => {
    if (presenceTimer) return;
    presenceTimer = setTimeout(() => {
      presenceTimer = null;
      input.broadcastPresence(board.entries());
    }, 100);
  };
  const publish = () => {
    const actor = session.actor;
    if (actor) session.setPresence(local.state(actor));
  };

  const session = new TeamSession({
    db: input.db,
    store: input.store,
    onProjected: (handles) => input.broadcastCasesChanged({ handles: [...new Set(handles)].sort(), all: false }),
    onStatus: (status) => input.broadcastStatus(status),
    onPresence: (states) => {
      if (board.update(states)) pushPresence();
    },
  });
  const ready = session.load().then(
    () => undefined,
    (err: unknown) => console.error('[caselint] team sign-in could not be restored:', err),
  );

  let pages = 0;
  let graceTimer: ReturnType<typeof setTimeout> | null = null;
  let keepAlive: ReturnType<typeof setInterval> | null = null;
  let catchingUp = false;

  async function xTabsOpen(): Promise<boolean> {
    const tabs = await browser.tabs.query({ url: X_TABS });
    return tabs.length > 0;
  }

  function stopKeepAlive() {
    if (keepAlive) clearInterval(keepAlive);
    keepAlive = null;
  }

  // While connected: renew this agent's presence (others expire a state not renewed for 45 s) and expire theirs.
  let beat: ReturnType<typeof setInterval> | null = null;
  function heartbeat(on: boolean) {
    if (on && !beat) {
      beat = setInterval(() => {
        publish();
        if (board.expire()) pushPresence();
      }, PRESENCE_BEAT_MS);
    } else if (!on && beat) {
      clearInterval(beat);
      beat = null;
    }
  }

  /** Connect when someone looks (an x.com tab, an extension page); disconnect a little after nobody does. */
  async function evaluate(): Promise<void> {
    await ready;
    if (!session.signedIn) {
      stopKeepAlive();
      return;
    }
    const wanted = pages > 0 || (await xTabsOpen());
    if (wanted) {
      if (graceTimer) clearTimeout(graceTimer);
      graceTimer = null;
      session.connect();
      publish();
      heartbeat(true);
      // Any extension API call resets the worker's idle timer (Chrome 110+); Firefox's event page likewise.
      keepAlive ??= setInterval(() => void browser.runtime.getPlatformInfo(), KEEPALIVE_MS);
    } else if (session.connected && !graceTimer && !catchingUp) {
      graceTimer = setTimeout(() => {
        graceTimer = null;
        void (async () => {
          if (pages > 0 || (await xTabsOpen()) || catchingUp) return;
          session.disconnect();
          stopKeepAlive();
          heartbeat(false);
        })();
      }, GRACE_MS);
    }
  }

  /** Alarm: connect, pull what changed, then let `evaluate` close it again if nobody looks. */
  async function catchUp(): Promise<void> {
    await ready;
    if (!session.signedIn || catchingUp) return;
    catchingUp = true;
    try {
      session.connect();
      const until = Date.now() + CATCH_UP_MS;
      for (;;) {
        const s = session.status();
        if (!s.joined || s.sync.state === 'refused') break;
        if (s.sync.state === 'connected' && s.sync.pending === 0) {
          await session.catchUp();
          break;
        }
        if (Date.now() > until) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      catchingUp = false;
      await evaluate();
    }
  }

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== TEAM_PORT) return;
    // Only this extension's own pages hold the connection open.
    if (!port.sender?.url?.startsWith(input.selfOrigin)) {
      port.disconnect();
      return;
    }
    pages++;
    void evaluate();
    port.onDisconnect.addListener(() => {
      pages = Math.max(0, pages - 1);
      void evaluate();
    });
  });
  browser.tabs.onUpdated.addListener((_id, change) => {
    if (change.url || change.status === 'complete') void evaluate();
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    if (local.clear(tabId)) publish();
    void evaluate();
  });
  void ensureAlarm(SYNC_ALARM, 1);
  void evaluate();

  function refuseWrite(method: CaseMethod, args: unknown[]): string | null {
    if (!session.signedIn) return null;
    const info = session.info()!;
    if (method === 'clearAll') {
      return `this browser is in the team “${info.teamName}”: clearing would delete the team’s customers for every agent. Leave the team first (the team keeps its history).`;
    }
    if ((method === 'importBackup' || method === 'importBackupCommit') && (args[0] as { mode?: string } | undefined)?.mode === 'replace') {
      return `this browser is in the team “${info.teamName}”: a replacing import would delete the team’s customers for every agent. Import in merge mode, or leave the team first.`;
    }
    if (method === 'duePromises') return null; // notification marks stay in this browser
    return session.readOnlyReason;
  }

  const deps: TeamDeps = {
    async status() {
      await ready;
      return session.status();
    },
    async preview() {
      await ready;
      return session.preview();
    },
    async join(i) {
      await ready;
      const joined = await session.join(i);
      await evaluate();
      input.broadcastCasesChanged({ handles: [], all: true });
      return joined;
    },
    async leave() {
      await ready;
      await session.leave();
      stopKeepAlive();
      heartbeat(false);
      board.update([]);
      input.broadcastPresence([]);
    },
    refuseWrite,
    reportPresence(who, activity) {
      const source = who.kind === 'content' ? who.tabId : `page:${who.path}:${who.tabId ?? ''}`;
      const changed = local.set(source, activity.key && activity.mode ? { key: handleKey(activity.key), mode: activity.mode } : null);
      if (changed) publish();
    },
    async presence() {
      await ready;
      board.expire();
      return board.entries();
    },
  };

  // Every call waits for the sign-in, so a write that woke the worker is captured into the team's documents.
  const api = new Proxy(input.store as unknown as CaseApi, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'history') {
        return async (handle: string) => {
          await ready;
          const h = await input.store.history(handle);
          if (!h || !session.signedIn) return h;
          const unsynced = await session.unsyncedKeys([h.customer.key]);
          return { ...h, unsynced: unsynced.has(h.customer.key), ...(session.actor ? { me: session.actor } : {}) };
        };
      }
      return async (...args: unknown[]) => {
        await ready;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });

  return {
    ready,
    deps,
    api,
    onAlarm(name) {
      if (name !== SYNC_ALARM) return false;
      void catchUp();
      return true;
    },
  };
}
