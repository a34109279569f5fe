/**
 * Our own shadow-root hosts (synchronous, cheap enough for one per tweet): an element with an open shadow root,
 * the in-page CSS, theme variables and a React root. Keyboard and pointer events are stopped at the host so X's
 * shortcuts (j/k/l/r...) and the tweet's click-to-open never fire for clicks and typing inside Caselint.
 */
import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { INPAGE_CSS } from '../../components/inpage/styles';
import { themeCss, type ThemeName } from '../../components/shared/theme';

const STOPPED_EVENTS = ['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'keydown', 'keyup', 'keypress', 'input', 'focusin', 'focusout'];

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
  host.dataset.caselint = opts.tag;
  if (opts.hostStyle) Object.assign(host.style, opts.hostStyle);
  const shadow = host.attachShadow({ mode: 'open' });
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
