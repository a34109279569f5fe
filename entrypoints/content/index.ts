import { defineContentScript } from 'wxt/utils/define-content-script';
import { main } from './app';

export default defineContentScript({
  matches: ['https://x.com/*', 'https://twitter.com/*'],
  runAt: 'document_idle',
  main,
});
