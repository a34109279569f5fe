/** The x.com adapter: the only code that knows x.com's DOM. See README.md in this folder. */
export * from './types';
export { SELECTORS, S, EDITOR_TESTID, type SelectorEntry, type SelectorName, type FixtureKey } from './selectors';
export { findTweetArticles, forgetParsedTweet, insideQuote, isPromoted, parseTweet, parseTweetCached, tweetKey, type TweetKey, parseUserName, quoteContainer, threadAbove, visibleText, type ParseOptions } from './parse';
export { findComposers, findEditors, readDraft, draftRangeRects, type XComposer } from './composer';
export { detectTheme, routeKey, signedInHandle, statusIdFromUrl, type XTheme } from './page';
export { watchPage, type MarkupBrokenDetails, type PageWatcher, type TweetEvent, type WatchPageOptions } from './watcher';
export { tweetTextElement, userNameElement } from './anchors';
