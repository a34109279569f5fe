/** What the x.com adapter reports. Plain data: DOM elements live alongside, never inside, these records. */

export interface XUser {
  /** Handle without "@", as X shows it (case kept). */
  handle: string;
  displayName: string;
}

export interface XQuotedTweet {
  id: string | null;
  author: XUser | null;
  text: string;
}

export interface XTweet {
  /** Status id from the tweet's permalink. */
  id: string;
  author: XUser;
  /** Text of the outer tweet only (a quoted tweet is reported in `quoted`). Empty when it has none. */
  text: string;
  /** ISO date-time from the <time> element, or null. */
  time: string | null;
  /** Handles from the "Replying to" line, without "@". */
  replyingTo: string[];
  /** Handles mentioned in the text, without "@". */
  mentions: string[];
  /** True for the focal tweet of a conversation (status) page. */
  isFocal: boolean;
  quoted: XQuotedTweet | null;
  /** Absolute permalink, https://x.com/handle/status/id */
  url: string;
}
