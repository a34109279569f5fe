/**
 * Our own shadow-root hosts (synchronous, cheap enough for one per tweet): an element with a closed shadow root,
 * the in-page CSS, theme variables and a React root. Keyboard and pointer events are stopped at the host so X's
 * shortcuts (j/k/l/r...) and the tweet's click-to-open never fire for clicks and typing inside Caselint.
 *
 * x.com's scripts are untrusted: the roots are closed (the page cannot read the chip's label or the card), and
 * events the page fires (isTrusted false) never reach our handlers: a capture listener on each root drops them.
 * Only the e2e test hooks (test-hooks.ts, switched on from the extension's own storage) open the roots and mark
 * the hosts (`data-caselint`).
 */
import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { INPAGE_CSS } from '../../components/inpage/styles';
import { themeCss, type ThemeName } from '../../components/shared/theme';
import { acceptsUntrusted, testHooks } from './test-hooks';

export const STOPPED_EVENTS = ['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'keydown', 'keyup', 'keypress', 'input', 'focusin', 'focusout'];

/** Events that act: the page's synthetic ones (click(), dispatchEvent) are dropped before React sees them. */
export const ACTING_EVENTS = [
  'click', 'dblclick', 'auxclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'keydown', 'keyup', 'keypress',
  'beforeinput', 'input', 'change', 'submit', 'paste', 'drop', 'contextmenu',
];

function dropUntrusted(e: Event) {
  if (!e.isTrusted && !acceptsUntrusted()) {
    e.stopImmediatePropagation();
    e.preventDefault();
  }
}

function attachRoot(host: HTMLElement, tag: string): ShadowRoot {
  const hooks = testHooks();
  if (hooks) host.dataset.caselint = tag;
  const shadow = host.attachShadow({ mode: hooks ? 'open' : 'closed' });
  for (const type of ACTING_EVENTS) shadow.addEventListener(type, dropUntrusted, { capture: true });
  return shadow;
}

let sheetCache: { css: CSSStyleSheet | null } | null = null;
function sharedSheet(): CSSStyleSheet | null {
  if (!sheetCache) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(INPAGE_CSS);
      sheetCache = { css: sheet };
    } catch {
      sheetCache = { css: null };
    }
  }
  return sheetCache.css;
}

const themeSheets = new Map<ThemeName, CSSStyleSheet | null>();
/** One constructed stylesheet per theme, shared by every chip host (null where constructed sheets fail). */
function sharedThemeSheet(theme: ThemeName): CSSStyleSheet | null {
  if (!themeSheets.has(theme)) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(themeCss(theme));
      themeSheets.set(theme, sheet);
    } catch {
      themeSheets.set(theme, null);
    }
  }
  return themeSheets.get(theme)!;
}

/**
 * A light host for one tweet's chip: a closed shadow root adopting the shared in-page and theme stylesheets (no
 * per-host <style>, no React root, no listeners: the caller delegates events). `setTheme` swaps the adopted theme
 * sheet. Falls back to <style> elements where adoptedStyleSheets is refused (Firefox content scripts).
 */
export interface ChipHost {
  host: HTMLElement;
  shadow: ShadowRoot;
  setTheme(theme: ThemeName): void;
}

export function createChipHost(tag: string, theme: ThemeName, hostStyle?: Partial<CSSStyleDeclaration>): ChipHost {
  const host = document.createElement(tag);
  if (hostStyle) Object.assign(host.style, hostStyle);
  const shadow = attachRoot(host, tag);
  let fallback: HTMLStyleElement | null = null;
  const apply = (t: ThemeName) => {
    const base = sharedSheet();
    const themed = sharedThemeSheet(t);
    if (!fallback && base && themed) {
      try {
        shadow.adoptedStyleSheets = [base, themed];
        return;
      } catch {
        /* fall back below */
      }
    }
    if (!fallback) {
      const baseStyle = document.createElement('style');
      baseStyle.textContent = INPAGE_CSS;
      fallback = document.createElement('style');
      shadow.prepend(baseStyle, fallback);
    }
    fallback.textContent = themeCss(t);
  };
  apply(theme);
  return { host, shadow, setTheme: apply };
}

export interface ShadowMount {
  host: HTMLElement;
  shadow: ShadowRoot;
  render(node: ReactNode): void;
  setTheme(theme: ThemeName): void;
  remove(): void;
}

export function mountShadow(opts: {
  /** Custom element name of the host, e.g. caselint-chip. */
  tag: string;
  place(host: HTMLElement): void;
  theme: ThemeName;
  hostStyle?: Partial<CSSStyleDeclaration>;
  signal?: AbortSignal;
}): ShadowMount {
  const host = document.createElement(opts.tag);
  if (opts.hostStyle) Object.assign(host.style, opts.hostStyle);
  const shadow = attachRoot(host, opts.tag);
  const themeStyle = document.createElement('style');
  const sheet = sharedSheet();
  let adopted = false;
  if (sheet && 'adoptedStyleSheets' in shadow) {
    try {
      // Firefox content scripts (Xray wrappers) may refuse a sheet built in the sandbox: fall back to <style>.
      shadow.adoptedStyleSheets = [sheet];
      adopted = true;
    } catch {
      adopted = false;
    }
  }
  if (!adopted) {
    const base = document.createElement('style');
    base.textContent = INPAGE_CSS;
    shadow.append(base);
  }
  themeStyle.textContent = themeCss(opts.theme);
  shadow.append(themeStyle);
  const container = document.createElement('div');
  shadow.append(container);
  for (const type of STOPPED_EVENTS) host.addEventListener(type, stop);
  opts.place(host);
  let root: Root | null = createRoot(container);
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    const r = root;
    root = null;
    // Unmount outside React's render phase (remove may be called from a React event).
    queueMicrotask(() => r?.unmount());
    host.remove();
  };
  opts.signal?.addEventListener('abort', remove, { once: true });
  return {
    host,
    shadow,
    render: (node) => root?.render(node),
    setTheme: (theme) => {
      themeStyle.textContent = themeCss(theme);
    },
    remove,
  };
}

function stop(e: Event) {
  e.stopPropagation();
}
