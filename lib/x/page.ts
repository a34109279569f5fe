/** Page-level facts about x.com: routes, the signed-in account, the theme. */
import { S } from './selectors';

export type XTheme = 'light' | 'dim' | 'dark';

const RESERVED_FIRST_SEGMENTS = new Set([
  'home', 'explore', 'search', 'notifications', 'messages', 'i', 'settings', 'compose', 'login', 'logout',
  'signup', 'tos', 'privacy', 'jobs', 'premium_sign_up',
]);

function toUrl(url: string | URL): URL | null {
  try {
    return url instanceof URL ? url : new URL(url, 'https://x.com');
  } catch {
    return null;
  }
}

/** Status id of a conversation page URL (`/handle/status/123`, also `/i/web/status/123` and its photo/… subpaths). */
export function statusIdFromUrl(url: string | URL): string | null {
  const u = toUrl(url);
  if (!u) return null;
  const m = /^\/(?:[A-Za-z0-9_]{1,15}|i\/web)\/status\/(\d+)(?:\/|$)/.exec(u.pathname);
  return m ? m[1]! : null;
}

/**
 * A key that changes exactly when X shows another page: `status:<id>` for conversations (photo and analytics
 * overlays of the same tweet keep the key), otherwise the path without a trailing slash, lower-cased for
 * profiles (handles are case-insensitive), plus the query for search. Hash is ignored.
 */
export function routeKey(url: string | URL): string {
  const u = toUrl(url);
  if (!u) return String(url);
  const id = statusIdFromUrl(u);
  if (id) return `status:${id}`;
  let path = u.pathname.replace(/\/+$/, '') || '/';
  const first = path.split('/')[1] ?? '';
  if (first && !RESERVED_FIRST_SEGMENTS.has(first.toLowerCase())) path = path.toLowerCase();
  if (first === 'search') {
    const q = u.searchParams.get('q');
    const f = u.searchParams.get('f');
    return `${path}?q=${q ?? ''}${f ? `&f=${f}` : ''}`;
  }
  return path;
}

/**
 * Handle of the signed-in account, or null when logged out. Read from the side navigation's account button:
 * its "@handle" text (01), else its `UserAvatar-Container-<handle>` (02, collapsed nav shows no text), else the
 * profile tab link.
 */
export function signedInHandle(doc: Document): string | null {
  const button = doc.querySelector(S.accountSwitcher);
  if (button) {
    const m = /@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_])/.exec(button.textContent ?? '');
    if (m) return m[1]!;
    const avatar = button.querySelector('[data-testid^="UserAvatar-Container-"]');
    const h = avatar?.getAttribute('data-testid')?.slice('UserAvatar-Container-'.length);
    if (h && /^[A-Za-z0-9_]{1,15}$/.test(h)) return h;
  }
  const profile = doc.querySelector('a[data-testid="AppTabBar_Profile_Link"]');
  const m = /^\/([A-Za-z0-9_]{1,15})$/.exec(profile ? new URL(profile.getAttribute('href') ?? '', 'https://x.com').pathname : '');
  return m ? m[1]! : null;
}

function parseRgb(value: string | null | undefined): [number, number, number] | null {
  if (!value) return null;
  const m = /rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)(?:[\s,/]+([\d.]+))?\s*\)/.exec(value);
  if (m) {
    if (m[4] !== undefined && Number(m[4]) === 0) return null; // transparent
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  const h = /^#([0-9a-f]{6})$/i.exec(value.trim());
  if (h) {
    const n = parseInt(h[1]!, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  return null;
}

const THEMES: [XTheme, [number, number, number]][] = [
  ['light', [255, 255, 255]],
  ['dim', [21, 32, 43]],
  ['dark', [0, 0, 0]],
];

function nearestTheme(rgb: [number, number, number]): XTheme {
  let best: XTheme = 'light';
  let bestD = Infinity;
  for (const [name, c] of THEMES) {
    const d = (c[0] - rgb[0]) ** 2 + (c[1] - rgb[1]) ** 2 + (c[2] - rgb[2]) ** 2;
    if (d < bestD) {
      bestD = d;
      best = name;
    }
  }
  return best;
}

/**
 * X's theme from the background colour it sets on <body> (white light, rgb(21,32,43) dim, rgb(0,0,0) dark),
 * else the computed background, else `<meta name="theme-color">`; light when nothing says otherwise.
 */
export function detectTheme(doc: Document): XTheme {
  const candidates: (string | null | undefined)[] = [doc.body?.style.backgroundColor, doc.documentElement.style.backgroundColor];
  const view = doc.defaultView;
  if (view && doc.body) {
    try {
      candidates.push(view.getComputedStyle(doc.body).backgroundColor);
    } catch {
      /* detached or exotic document */
    }
  }
  candidates.push(doc.querySelector('meta[name="theme-color"]')?.getAttribute('content'));
  for (const c of candidates) {
    const rgb = parseRgb(c);
    if (rgb) return nearestTheme(rgb);
  }
  return 'light';
}
