export { createCaseClient, focusTweet, getFocus, holdTeamConnection, openSidePanel, teamClient, TEAM_PORT } from './client';
export { onCasesChanged, onFocusChanged, onPresence, onTeamStatus } from './events';
export { getSettings, saveSettings, watchSettings, settingsItem } from './settings';
export type { CasesChangedEvent, FocusEntry, FocusedTweet, OpenSidePanelResult } from './protocol';
export { MessageRejectedError } from './protocol';
