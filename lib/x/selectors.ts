/**
 * Every x.com selector Caselint relies on, in one table.
 *
 * `counts` is the number of elements `document.querySelectorAll(selector)` matches in each committed fixture
 * (tests/fixtures/x-dom/01..05, see its README). tests/unit/x/selectors.test.ts checks the table against the
 * fixtures, so when X changes its markup: save a new page, add it as a fixture, and this table shows which
 * selectors moved. Only `lib/x/` may use these.
 */

export type FixtureKey = '01' | '02' | '03' | '04' | '05';

export interface SelectorEntry {
  selector: string;
  /** What it finds and why we need it. */
  note: string;
  /** Expected matches per fixture: 01 home (logged in), 02 status (logged in), 03 status (logged out), 04 profile (logged out), 05 one cell. */
  counts: Record<FixtureKey, number>;
}

export const SELECTORS = {
  primaryColumn: {
    selector: '[data-testid="primaryColumn"]',
    note: 'The main column; the watcher observes only this subtree.',
    counts: { '01': 1, '02': 1, '03': 1, '04': 1, '05': 0 },
  },
  main: {
    selector: 'main',
    note: 'Fallback root for the watcher until primaryColumn appears.',
    counts: { '01': 1, '02': 1, '03': 1, '04': 1, '05': 0 },
  },
  cell: {
    selector: '[data-testid="cellInnerDiv"]',
    note: 'A virtualised timeline cell; X reuses these for other tweets while scrolling.',
    counts: { '01': 21, '02': 1, '03': 2, '04': 9, '05': 1 },
  },
  tweetArticle: {
    selector: 'article[data-testid="tweet"]',
    note: 'One tweet (including its quoted tweet, if any).',
    counts: { '01': 20, '02': 1, '03': 1, '04': 9, '05': 1 },
  },
  userName: {
    selector: '[data-testid="User-Name"]',
    note: 'Display name + @handle + time block; two per article when it quotes a tweet.',
    counts: { '01': 29, '02': 1, '03': 2, '04': 10, '05': 2 },
  },
  tweetText: {
    selector: '[data-testid="tweetText"]',
    note: 'Tweet body; absent for media-only tweets and X Articles (02); two when quoting.',
    counts: { '01': 25, '02': 0, '03': 2, '04': 10, '05': 2 },
  },
  quoteContainer: {
    selector: 'article[data-testid="tweet"] div[role="link"]',
    note: 'Inside an article, the quoted tweet is a div[role="link"] that holds a User-Name (others are cards, ignored).',
    counts: { '01': 20, '02': 0, '03': 1, '04': 1, '05': 1 },
  },
  time: {
    selector: 'time[datetime]',
    note: "Tweet time; the outer tweet's <time> sits in its permalink a[href*=\"/status/\"].",
    counts: { '01': 29, '02': 1, '03': 2, '04': 10, '05': 2 },
  },
  statusLink: {
    selector: 'a[href*="/status/"]',
    note: 'Permalinks (also photo, analytics and oembed links, which parseTweet ignores).',
    counts: { '01': 50, '02': 4, '03': 3, '04': 28, '05': 3 },
  },
  socialContext: {
    selector: '[data-testid="socialContext"]',
    note: '"X reposted" / "X liked" line above a tweet; not part of the tweet.',
    counts: { '01': 8, '02': 0, '03': 0, '04': 1, '05': 0 },
  },
  composerEditor: {
    selector: '[data-testid^="tweetTextarea_"]',
    note: 'Prefix match also catches tweetTextarea_0_label and tweetTextarea_0RichTextInputContainer; findComposers keeps only /^tweetTextarea_\\d+$/ (the Draft.js contenteditable).',
    counts: { '01': 3, '02': 3, '03': 0, '04': 0, '05': 0 },
  },
  draftBlock: {
    selector: '[data-contents="true"] > div, [data-block="true"]',
    note: 'Draft.js lines (one per paragraph), used inside an editor only; document-wide counts include the read-only Draft.js view of the X Article in 02.',
    counts: { '01': 2, '02': 119, '03': 0, '04': 0, '05': 0 },
  },
  tweetButton: {
    selector: 'button[data-testid^="tweetButton"]',
    note: 'Send button: tweetButtonInline (inline composer) or tweetButton (dialog).',
    counts: { '01': 1, '02': 1, '03': 0, '04': 0, '05': 0 },
  },
  adPixel: {
    selector: '[data-testid$="-impression-pixel"]',
    note: 'Promoted tweets ("Ad"): their cell holds four impression pixels (top/bottom/left/right) and the article no <time> or permalink. Such an article is an ad, not markup Caselint failed to read (tests/fixtures/x-dom-more h01, h02).',
    counts: { '01': 0, '02': 0, '03': 0, '04': 0, '05': 0 },
  },
  dialog: {
    selector: '[role="dialog"]',
    note: 'Modal reply dialog; no fixture has one.',
    counts: { '01': 0, '02': 0, '03': 0, '04': 0, '05': 0 },
  },
  accountSwitcher: {
    selector: '[data-testid="SideNav_AccountSwitcher_Button"]',
    note: 'Signed-in marker: holds the "@handle" of the account; absent when logged out.',
    counts: { '01': 1, '02': 1, '03': 0, '04': 0, '05': 0 },
  },
  loginButton: {
    selector: '[data-testid="login"]',
    note: 'Logged-out marker.',
    counts: { '01': 0, '02': 0, '03': 1, '04': 1, '05': 0 },
  },
} satisfies Record<string, SelectorEntry>;

export type SelectorName = keyof typeof SELECTORS;

/** Shorthand: `S.tweetArticle` is the selector string. */
export const S: { readonly [K in SelectorName]: string } = Object.fromEntries(
  Object.entries(SELECTORS).map(([k, v]) => [k, v.selector]),
) as { [K in SelectorName]: string };

/** An editor's data-testid: tweetTextarea_0, tweetTextarea_1 … (not _label, not …RichTextInputContainer). */
export const EDITOR_TESTID = /^tweetTextarea_\d+$/;
