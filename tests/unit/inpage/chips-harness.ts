/**
 * The production chip and card in jsdom: the case-chips feature (entrypoints/content/features/case-chips.tsx)
 * started with a FeatureEnv, one tweet article on the page, and queries into its (test-hook open) shadow roots.
 * Component tests of the chip and the card go through this, so they test what users get.
 */
import { within } from '@testing-library/react';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CaseApi } from '../../../lib/cases/api';
import type { CaselintCommand } from '../../../lib/messaging/protocol';
import type { XTweet } from '../../../lib/x/types';
import { featureEnv } from './feature-env';
import { runFeatures, type FeatureEnv, type TweetSeen } from '../../../entrypoints/content/env';
import '../../../entrypoints/content/features/case-chips';

export { featureEnv };

/** A timeline cell with one tweet article: its author block and its text, as X structures them. */
export function tweetCell(tweet: XTweet): { cell: HTMLElement; article: HTMLElement; userName: HTMLElement; text: HTMLElement } {
  const cell = document.createElement('div');
  cell.dataset.testid = 'cellInnerDiv';
  const article = document.createElement('article');
  article.dataset.testid = 'tweet';
  article.tabIndex = 0;
  const userName = document.createElement('div');
  userName.dataset.testid = 'User-Name';
  userName.textContent = `${tweet.author.displayName} @${tweet.author.handle}`;
  const text = document.createElement('div');
  text.dataset.testid = 'tweetText';
  text.textContent = tweet.text;
  article.append(userName, text);
  cell.append(article);
  return { cell, article, userName, text };
}

export function seenOf(tweet: XTweet, article: HTMLElement, userName: HTMLElement): TweetSeen {
  return { id: tweet.id, handle: tweet.author.handle, article, userName, tweet };
}

export interface MountedChip {
  env: FeatureEnv;
  article: HTMLElement;
  text: HTMLElement;
  /** The chip (or "+ note") button, once the lookup answered. */
  chip(): Promise<HTMLButtonElement>;
  /** Queries inside the card layer (where open cards render). */
  cards(): ReturnType<typeof within>;
  /** The card layer's shadow root. */
  layer(): ShadowRoot;
  /** As the background does after a write elsewhere: cards and chips of these handles reload. */
  casesChanged(handles: string[]): Promise<void>;
  /** As the background does when the agent presses a Caselint shortcut in this tab. */
  command(name: CaselintCommand): Promise<void>;
  dispose(): void;
}

/** Start the case-chips feature on one tweet. `hover`: put the pointer on it (an author without history). */
export function mountChip(api: CaseApi, tweet: XTweet, over: Partial<FeatureEnv> = {}): MountedChip {
  const ctrl = new AbortController();
  const env = featureEnv(ctrl.signal, api, over);
  runFeatures(env);
  const { cell, article, userName, text } = tweetCell(tweet);
  document.body.append(cell);
  env.onTweet.emit(seenOf(tweet, article, userName));
  // The quiet "+ note" of an author without history shows on the hovered tweet.
  userName.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
  const layer = () => document.querySelector('caselint-cards')!.shadowRoot!;
  return {
    env,
    article,
    text,
    async chip() {
      for (let i = 0; i < 200; i++) {
        const b = article.querySelector('caselint-chip')?.shadowRoot?.querySelector('button');
        if (b) return b;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error('no chip appeared on the tweet');
    },
    cards: () => within(layer() as unknown as HTMLElement),
    layer,
    async casesChanged(handles) {
      await fakeBrowser.runtime.onMessage.trigger({ caselint: 'casesChanged', event: { handles, all: false } }, { id: fakeBrowser.runtime.id }, () => {});
    },
    async command(name) {
      await fakeBrowser.runtime.onMessage.trigger({ caselint: 'command', name }, { id: fakeBrowser.runtime.id }, () => {});
    },
    dispose() {
      ctrl.abort();
      cell.remove();
    },
  };
}
