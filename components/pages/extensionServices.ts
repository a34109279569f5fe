/** The real services for extension pages: the case client over messages, change events, settings storage. */
import { createCaseClient, getSettings, holdTeamConnection, onCasesChanged, onTeamStatus, saveSettings, teamClient, watchSettings } from '../../lib/messaging';
import type { PageServices } from './services';

export function extensionServices(): PageServices {
  return {
    api: createCaseClient(),
    onCasesChanged: (cb, signal) => {
      onCasesChanged(() => cb(), signal);
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
    team: {
      ...teamClient,
      watch: (cb, signal) => {
        onTeamStatus(cb, signal);
        holdTeamConnection(signal);
      },
    },
  };
}
