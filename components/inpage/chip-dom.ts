/**
 * The chip beside a tweet author's name (or the quiet "+ note"), built with plain DOM: no React root per tweet.
 * This is the one chip: the content script (entrypoints/content/features/case-chips.tsx) shows it, and the
 * component tests go through that feature. Text goes in through `textContent` only (handles and detail values are
 * untrusted). The card opens in React (the feature's card layer).
 *
 * Three faces in one button, stacked in one grid cell: the full one (open cases, overdue, last contact, the top
 * detail, the owner, who of the team is on it), a short one (open cases and overdue) and a compact one (a count
 * and a red dot when a promise is overdue). All are always laid out, so the button is always as wide as its full
 * face; the host shrinks before the author's name does (flex-shrink in the host style) and `ChipFitter` shows the
 * widest face that fits the host. Hidden faces are `visibility: hidden`: out of the accessibility tree and of axe's
 * visible text.
 *
 * The accessible name (aria-label, inside the closed shadow root: x.com's scripts cannot read it) starts with
 * "Case history: @handle", then says every visible word in the order shown (WCAG 2.5.3, axe
 * `label-content-name-mismatch`: a speech user says what they see). Words a screen reader needs and the chip does
 * not show go in parentheses, which the rule ignores ("(last contact) 3 days ago"), or after the visible words.
 */
import type { CustomerSummary } from '../../lib/cases/types';
import type { PresenceEntry } from '../../lib/sync/presence';
import { chipIcon, kindIcon } from './kind-icons';
import { plural, relativeTime } from '../shared/format';

/** The compact face's width in px: the host never shrinks below it (the caller sets it as the host's min-width). */
export const COMPACT_CHIP_WIDTH = 52;

interface ChipPart {
  className: string;
  /** What the chip shows. */
  text: string;
  /** The same in the accessible name, with words the chip does not show in parentheses. */
  spoken: string;
  icon?: (doc: Document) => SVGSVGElement;
}

function livePresence(presence: readonly PresenceEntry[]): PresenceEntry | undefined {
  return presence.find((e) => e.mode === 'replying') ?? presence.find((e) => e.mode === 'viewing');
}

function chipParts(summary: CustomerSummary, now: number, presence: readonly PresenceEntry[]): ChipPart[] {
  const parts: ChipPart[] = [];
  const cases = summary.openCases > 0 ? plural(summary.openCases, 'open case') : 'no open case';
  parts.push({ className: 'cl-chip__cases', text: cases, spoken: cases });
  if (summary.overduePromises > 0) {
    const n = summary.overduePromises;
    parts.push({ className: 'cl-chip__overdue', text: `${n} overdue`, spoken: `${n} overdue (${n === 1 ? 'promise' : 'promises'})`, icon: (d) => chipIcon(d, 'overdue') });
  }
  if (summary.lastContact != null) {
    const when = relativeTime(summary.lastContact, now);
    parts.push({ className: 'cl-chip__part', text: when, spoken: `(last contact) ${when}` });
  }
  const top = summary.topDetails[0];
  if (top) parts.push({ className: 'cl-chip__part cl-chip__detail', text: top.value, spoken: `(${top.kind}) ${top.value}`, icon: (d) => kindIcon(d, top.kind) });
  if (summary.assignee) parts.push({ className: 'cl-chip__part cl-chip__assignee', text: `→ @${summary.assignee}`, spoken: `(assigned to) @${summary.assignee}` });
  // Another agent of the team replying to (or looking at) this customer right now. Words, not emoji: where no
  // emoji font is installed they render as empty boxes.
  const live = livePresence(presence);
  if (live) {
    const text = `@${live.agent} ${live.mode}`;
    parts.push({ className: `cl-chip__presence cl-chip__presence--${live.mode}`, text, spoken: text });
  }
  return parts;
}

/** The chip's accessible name (and tooltip): the visible words in order, then what only a screen reader hears. */
export function chipLabel(summary: CustomerSummary, now: number, presence: readonly PresenceEntry[] = []): string {
  const shown = chipParts(summary, now, presence).map((p) => p.spoken);
  const more: string[] = [];
  if (summary.overduePromises === 0 && summary.nextDue != null) more.push(`promise due ${relativeTime(summary.nextDue, now)}`);
  for (const d of summary.topDetails.slice(1, 2)) more.push(`${d.kind} ${d.value}`);
  if (summary.notes > 0) more.push(plural(summary.notes, 'note'));
  return `Case history: @${summary.handle}: ${shown.join(', ')}${more.length ? `; ${more.join(', ')}` : ''}`;
}

function span(doc: Document, className: string, text: string): HTMLSpanElement {
  const s = doc.createElement('span');
  s.className = className;
  s.textContent = text;
  return s;
}

/** A chip button for `summary`, or the "Add case note" button when `summary` is null. */
export function buildChipButton(
  doc: Document,
  summary: CustomerSummary | null,
  handle: string,
  now: number,
  expanded: boolean,
  presence: readonly PresenceEntry[] = [],
  form: ChipForm = 'full',
): HTMLButtonElement {
  const b = doc.createElement('button');
  b.type = 'button';
  b.setAttribute('aria-expanded', String(expanded));
  b.setAttribute('aria-haspopup', 'dialog');
  if (!summary) {
    b.className = 'cl-add';
    b.setAttribute('aria-label', `Add case note: @${handle}`);
    b.textContent = '+ note';
    return b;
  }
  const label = chipLabel(summary, now, presence);
  const overdue = summary.overduePromises > 0;
  b.className = `cl-chip${overdue ? ' cl-chip--overdue' : ''}${form === 'full' ? '' : ` cl-chip--${form}`}`;
  b.setAttribute('aria-label', label);
  b.title = label;
  const parts = chipParts(summary, now, presence);
  const face = (className: string, shown: ChipPart[]) => {
    const f = span(doc, `cl-chip__face ${className}`, '');
    shown.forEach((p, i) => {
      const s = span(doc, p.className, p.text);
      if (p.icon) s.prepend(p.icon(doc), ' ');
      // A space between parts, so the text reads as words (the flex gap spaces them on screen).
      if (i > 0) f.append(' ');
      f.append(s);
    });
    return f;
  };
  const full = face('cl-chip__full', parts);
  // Open cases and overdue: always the first parts.
  const short = face('cl-chip__short', parts.slice(0, overdue ? 2 : 1));
  const small = span(doc, 'cl-chip__face cl-chip__compact', '');
  small.append(chipIcon(doc, 'history'));
  if (summary.openCases > 0) small.append(span(doc, 'cl-chip__count', summary.openCases > 9 ? '9+' : String(summary.openCases)));
  if (overdue) small.append(span(doc, 'cl-chip__dot', ''));
  b.append(full, short, small);
  return b;
}

/** Which face a chip shows: see the header. */
export type ChipForm = 'full' | 'short' | 'compact';

/** The widest face that fits a host `hostWidth` px wide (half a pixel of slack); compact when none does. */
export function chipFormFor(hostWidth: number, fullWidth: number, shortWidth: number): ChipForm {
  if (hostWidth + 0.5 >= fullWidth) return 'full';
  if (hostWidth + 0.5 >= shortWidth) return 'short';
  return 'compact';
}

/**
 * One ResizeObserver for every chip host: each chip shows the widest of its faces that fits its host. It reads
 * sizes first, then writes classes; a class never changes the host's size (every face is always laid out), so no
 * observation loops. Without ResizeObserver (jsdom) chips stay full.
 */
export class ChipFitter {
  private readonly ro: ResizeObserver | null;
  private readonly forms = new WeakMap<Element, ChipForm>();

  constructor(private readonly buttonOf: (host: Element) => HTMLButtonElement | null) {
    this.ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver((entries) => this.fit(entries));
  }

  observe(host: Element): void {
    this.ro?.observe(host);
  }

  unobserve(host: Element): void {
    this.ro?.unobserve(host);
    this.forms.delete(host);
  }

  /** The face the chip in `host` shows now (to build its next button the same way). */
  formOf(host: Element): ChipForm {
    return this.forms.get(host) ?? 'full';
  }

  disconnect(): void {
    this.ro?.disconnect();
  }

  private fit(entries: ResizeObserverEntry[]): void {
    const decided: Array<[Element, HTMLButtonElement, ChipForm]> = [];
    for (const e of entries) {
      const b = this.buttonOf(e.target);
      const full = b?.querySelector<HTMLElement>('.cl-chip__full');
      const short = b?.querySelector<HTMLElement>('.cl-chip__short');
      if (!b || !full || !short) continue;
      decided.push([e.target, b, chipFormFor(e.contentRect.width, full.offsetWidth, short.offsetWidth)]);
    }
    for (const [host, b, form] of decided) {
      this.forms.set(host, form);
      b.classList.toggle('cl-chip--short', form === 'short');
      b.classList.toggle('cl-chip--compact', form === 'compact');
    }
  }
}
