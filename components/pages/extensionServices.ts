/** The real services for extension pages: the case client over messages, change events, settings storage. */
import { createCaseClient, getSettings, holdTeamConnection, onCasesChanged, onPresence, onTeamStatus, saveSettings, teamClient, watchSettings } from '../../lib/messaging';
import { messenger } from '../../lib/messaging/messenger';
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
    presence: {
      get: () => messenger.sendMessage('getPresence', []),
      watch: (cb, signal) => {
        onPresence(cb, signal);
        holdTeamConnection(signal);
      },
      viewing: (handle) => {
        messenger.sendMessage('reportPresence', [{ key: handle, mode: handle ? 'viewing' : null }]).catch(() => undefined);
      },
    },
    slowRules: {
      list: () => messenger.sendMessage('slowRules', []),
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
