/**
 * Theme tokens shared by the in-page UI (chips, card, lint panel) and the extension pages.
 * X has three themes: light (white), dim (rgb(21,32,43)) and dark (black); the in-page UI follows them.
 */
export type ThemeName = 'light' | 'dim' | 'dark';

export interface ThemeTokens {
  bg: string;
  bgRaised: string;
  fg: string;
  fgMuted: string;
  border: string;
  accent: string;
  /** The accent as text (links, the chip's case count): at least 4.5:1 on bg and bgRaised (axe colour-contrast). */
  accentText: string;
  accentFg: string;
  error: string;
  warning: string;
  info: string;
  /** Translucent fills for highlights drawn over the composer. */
  errorFill: string;
  warningFill: string;
  infoFill: string;
  shadow: string;
}

export const THEMES: Record<ThemeName, ThemeTokens> = {
  light: {
    bg: '#ffffff',
    bgRaised: '#f7f9f9',
    fg: '#0f1419',
    fgMuted: '#536471',
    border: '#cfd9de',
    accent: '#1d9bf0',
    accentText: '#0f6cbd',
    accentFg: '#ffffff',
    error: '#c4122f',
    warning: '#a35200',
    info: '#1a6fb0',
    errorFill: 'rgba(244, 33, 46, 0.18)',
    warningFill: 'rgba(255, 173, 31, 0.25)',
    infoFill: 'rgba(29, 155, 240, 0.16)',
    shadow: '0 4px 18px rgba(101, 119, 134, 0.35)',
  },
  dim: {
    bg: '#15202b',
    bgRaised: '#1e2732',
    fg: '#f7f9f9',
    fgMuted: '#8b98a5',
    border: '#38444d',
    accent: '#1d9bf0',
    accentText: '#1d9bf0',
    accentFg: '#ffffff',
    error: '#ff6b76',
    warning: '#ffc35c',
    info: '#6cc3ff',
    errorFill: 'rgba(244, 33, 46, 0.3)',
    warningFill: 'rgba(255, 173, 31, 0.3)',
    infoFill: 'rgba(29, 155, 240, 0.3)',
    shadow: '0 4px 18px rgba(136, 153, 166, 0.25)',
  },
  dark: {
    bg: '#000000',
    bgRaised: '#16181c',
    fg: '#e7e9ea',
    fgMuted: '#8b949b',
    border: '#2f3336',
    accent: '#1d9bf0',
    accentText: '#1d9bf0',
    accentFg: '#ffffff',
    error: '#ff6b76',
    warning: '#ffc35c',
    info: '#6cc3ff',
    errorFill: 'rgba(244, 33, 46, 0.32)',
    warningFill: 'rgba(255, 173, 31, 0.32)',
    infoFill: 'rgba(29, 155, 240, 0.32)',
    shadow: '0 4px 18px rgba(255, 255, 255, 0.12)',
  },
};

const VAR_NAMES: Record<keyof ThemeTokens, string> = {
  bg: '--cl-bg',
  bgRaised: '--cl-bg-raised',
  fg: '--cl-fg',
  fgMuted: '--cl-fg-muted',
  border: '--cl-border',
  accent: '--cl-accent',
  accentText: '--cl-accent-text',
  accentFg: '--cl-accent-fg',
  error: '--cl-error',
  warning: '--cl-warning',
  info: '--cl-info',
  errorFill: '--cl-error-fill',
  warningFill: '--cl-warning-fill',
  infoFill: '--cl-info-fill',
  shadow: '--cl-shadow',
};

/** CSS custom properties for a theme, as a style object (React) ... */
export function themeStyle(theme: ThemeName): Record<string, string> {
  const tokens = THEMES[theme];
  const out: Record<string, string> = {};
  for (const key of Object.keys(VAR_NAMES) as Array<keyof ThemeTokens>) out[VAR_NAMES[key]] = tokens[key];
  return out;
}

/** ... or as a CSS declaration block for `selector`. */
export function themeCss(theme: ThemeName, selector = ':host'): string {
  const decls = Object.entries(themeStyle(theme))
    .map(([k, v]) => `${k}: ${v};`)
    .join(' ');
  return `${selector} { ${decls} }`;
}

export function isThemeName(value: unknown): value is ThemeName {
  return value === 'light' || value === 'dim' || value === 'dark';
}
