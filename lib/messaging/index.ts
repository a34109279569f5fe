export { createCaseClient, focusTweet, getFocus, openSidePanel } from './client';
export { onCasesChanged, onFocusChanged } from './events';
export { getSettings, saveSettings, watchSettings, settingsItem } from './settings';
export type { CasesChangedEvent, FocusEntry, FocusedTweet, OpenSidePanelResult } from './protocol';
export { MessageRejectedError } from './protocol';
