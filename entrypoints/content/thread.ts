import type { ThreadTweet } from '../../lib/lint/types';
import { threadAbove } from '../../lib/x/parse';
import type { XTweet } from '../../lib/x/types';
import type { FeatureEnv, TweetSeen } from './env';

/** Tweets above `tweet` on this page (its conversation), oldest first, from the tweets the watcher tracks. */
export function threadFor(env: FeatureEnv, tweet: XTweet): ThreadTweet[] {
  const seen = [...env.tweets.values()].filter((s) => s.article.isConnected);
  seen.sort((a, b) => order(a, b));
  return threadAbove(seen.map((s) => ({ id: s.id, tweet: s.tweet })), tweet.id).map((s) => ({
    author: s.tweet.author.handle,
    text: s.tweet.text,
  }));
}

function order(a: TweetSeen, b: TweetSeen): number {
  const pos = a.article.compareDocumentPosition(b.article);
  return pos & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : pos & Node.DOCUMENT_POSITION_PRECEDING ? 1 : 0;
}
