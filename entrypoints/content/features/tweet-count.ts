import { registerFeature } from '../env';
import { testHooks } from '../test-hooks';

/**
 * `<html data-caselint-tweets="N">`: how many tweets the content script tracks (read by the e2e tests and the
 * demo), only with the test hooks on (test-hooks.ts): nothing on X's document in normal use. Written at the end of a watcher batch that changed the count, inside the batch's own call (no call of
 * its own into the content script per batch).
 */
registerFeature('tweet-count', (env) => {
  if (!testHooks()) return;
  let shown = -1;
  const update = () => {
    if (env.signal.aborted || env.tweets.size === shown) return;
    shown = env.tweets.size;
    document.documentElement.dataset.caselintTweets = String(shown);
  };
  update();
  env.onBatchEnd.on(update, env.signal);
});
