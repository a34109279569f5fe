/**
 * Small line icons for a detail's kind on the chip, as SVG path data (16×16, stroked in the text colour). Emoji
 * rendered as empty boxes where no emoji font is installed (seen on Debian's Chromium). Built with
 * createElementNS and setAttribute: static data, never HTML from strings.
 */
export const KIND_PATHS: Readonly<Record<string, string>> = {
  phone: 'M4 2h2.5l1 3-1.5 1a8 8 0 0 0 4 4l1-1.5 3 1V12a1.5 1.5 0 0 1-1.5 1.5A11.5 11.5 0 0 1 2.5 3.5 1.5 1.5 0 0 1 4 2z',
  email: 'M2 4h12v8H2z M2 4.5l6 4.5 6-4.5',
  account: 'M6 2 5 14 M11 2l-1 12 M2.5 6h11 M2 10.5h11',
  order: 'M2 5l6-3 6 3v6l-6 3-6-3z M2 5l6 3 6-3 M8 8v6',
  device: 'M5 1.5h6a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1v-11a1 1 0 0 1 1-1z M7 12.5h2',
  location: 'M8 14.5s-4.5-4.5-4.5-8a4.5 4.5 0 0 1 9 0c0 3.5-4.5 8-4.5 8z M8 4.5a2 2 0 1 0 0 4 2 2 0 0 0 0-4z',
  address: 'M2 8 8 2.5 14 8 M4 6.5V14h8V6.5 M7 14v-4h2v4',
  appointment: 'M2.5 3.5h11v10h-11z M2.5 6.5h11 M5.5 2v3 M10.5 2v3',
  other: 'M8 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z',
};

const SVG = 'http://www.w3.org/2000/svg';

/** The icon of a detail kind, decorative (the chip's accessible name says the kind in words). */
export function kindIcon(doc: Document, kind: string): SVGSVGElement {
  const svg = doc.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '12');
  svg.setAttribute('height', '12');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'cl-kind-icon');
  const path = doc.createElementNS(SVG, 'path');
  path.setAttribute('d', KIND_PATHS[kind] ?? KIND_PATHS.other!);
  svg.append(path);
  return svg;
}

/** The chip's other icons: a clock-and-arrow "history" mark (the compact form) and a warning triangle (overdue). */
export const CHIP_ICON_PATHS = {
  history: 'M2.5 8a5.5 5.5 0 1 0 1.6-3.9 M2.5 2.5v2.6h2.6 M8 5v3.2l2 1.3',
  overdue: 'M8 2 14.5 13.5h-13z M8 6.5v3 M8 11.5v.1',
} as const;

/** A decorative chip icon by name (see CHIP_ICON_PATHS). */
export function chipIcon(doc: Document, name: keyof typeof CHIP_ICON_PATHS): SVGSVGElement {
  const svg = doc.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '12');
  svg.setAttribute('height', '12');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `cl-kind-icon cl-chip__icon--${name}`);
  const path = doc.createElementNS(SVG, 'path');
  path.setAttribute('d', CHIP_ICON_PATHS[name]);
  svg.append(path);
  return svg;
}
