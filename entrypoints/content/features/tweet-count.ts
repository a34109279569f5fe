import { registerFeature } from '../env';

/** `<html data-caselint-tweets="N">`: how many tweets the content script tracks (read by the e2e smoke test). */
registerFeature('tweet-count', (env) => {
  let scheduled = false;
  const update = () => {
    scheduled = false;
    if (!env.signal.aborted) document.documentElement.dataset.caselintTweets = String(env.tweets.size);
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(update);
  };
  update();
  env.onTweet.on(schedule, env.signal);
  env.onTweetGone.on(schedule, env.signal);
});
