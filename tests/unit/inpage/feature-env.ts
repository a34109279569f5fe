/**
 * A FeatureEnv for tests of in-page features (entrypoints/content/features/*): the hubs the content script's app
 * wires, with defaults a test overrides. It imports no feature, so each test registers only the ones it tests.
 */
import { setMaxListeners } from 'node:events';
import type { CaseApi } from '../../../lib/cases/api';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { Hub, type FeatureEnv } from '../../../entrypoints/content/env';

export function featureEnv(signal: AbortSignal, api: CaseApi, over: Partial<FeatureEnv> = {}): FeatureEnv {
  // The feature ties one listener per event type to its signal (window, document): more than Node's default 10.
  setMaxListeners(100, signal);
  return {
    signal,
    api,
    settings: () => DEFAULT_SETTINGS,
    onSettings: new Hub(),
    theme: () => 'light',
    onTheme: new Hub(),
    pageUrl: () => 'https://x.com/home',
    tweets: new Map(),
    onTweet: new Hub(),
    onTweetGone: new Hub(),
    onComposer: new Hub(),
    onComposerGone: new Hub(),
    onMarkupBroken: new Hub(),
    onBatchEnd: new Hub(),
    settle: () => {},
    focusTweet: () => {},
    openSidePanel: async () => ({ opened: true }),
    signedInHandle: () => null,
    ...over,
  };
}
