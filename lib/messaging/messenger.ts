/** The typed webext-core messenger shared by the client (content scripts, pages) and the background. */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { CaseProtocol } from './protocol';

export const messenger = defineExtensionMessaging<CaseProtocol>();
