/**
 * Test wiring for the pages: a real CaseStore on fake-indexeddb, wrapped as the CaseApi the pages get over
 * messages, with a change event after every write (as the background broadcasts), and the real settings item
 * on WXT's fake browser storage.
 */
import { configure, render } from '@testing-library/react';
import { vi } from 'vitest';
import type { ReactElement } from 'react';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CaseApi } from '../../../lib/cases/api';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { getSettings, saveSettings, watchSettings } from '../../../lib/messaging/settings';
import { WRITE_METHODS, CASE_METHODS } from '../../../lib/messaging/protocol';
import { ServicesProvider, type PageServices } from '../../../components/pages/services';

// The machine is shared and often loaded: wait on behaviour, not on the clock.
configure({ asyncUtilTimeout: 5_000 });
vi.setConfig({ testTimeout: 30_000 });

let dbCounter = 0;

export interface TestEnv {
  store: CaseStore;
  /** What the pages use: the store behind a message-like boundary (structured-cloned results, change events). */
  api: CaseApi;
  services: PageServices;
  /** How many change events were sent. */
  changes(): number;
  close(): Promise<void>;
}

export function makeEnv(): TestEnv {
  fakeBrowser.reset();
  const db = new CaselintDB(`caselint-pages-test-${++dbCounter}-${Math.random().toString(36).slice(2)}`);
  const store = new CaseStore(db);
  const listeners = new Set<() => void>();
  let changes = 0;
  const api = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of CASE_METHODS) {
    api[method] = async (...args: unknown[]) => {
      const fn = store[method] as (...a: unknown[]) => Promise<unknown>;
      // Like a message: the arguments and the result are copies.
      const result = await fn.apply(store, structuredClone(args));
      if (WRITE_METHODS.has(method)) {
        changes++;
        for (const l of [...listeners]) l();
      }
      return result === undefined ? undefined : structuredClone(result);
    };
  }
  const services: PageServices = {
    api: api as unknown as CaseApi,
    onCasesChanged: (cb, signal) => {
      listeners.add(cb);
      signal.addEventListener('abort', () => listeners.delete(cb), { once: true });
    },
    settings: {
      get: getSettings,
      set: async (patch) => {
        await saveSettings(patch);
      },
      watch: (cb, signal) => {
        watchSettings(cb, signal);
      },
    },
  };
  return {
    store,
    api: services.api,
    services,
    changes: () => changes,
    close: async () => {
      db.close();
      await db.delete();
    },
  };
}

export function renderWith(env: TestEnv, ui: ReactElement) {
  return render(<ServicesProvider services={env.services}>{ui}</ServicesProvider>);
}

export function csvFile(text: string, name = 'cases.csv'): File {
  return new File([text], name, { type: 'text/csv' });
}
