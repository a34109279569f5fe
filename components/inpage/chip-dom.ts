/**
 * The collapsed chip (or quiet "+ note") built with plain DOM: same markup, classes and accessible names as the
 * React `CaseChip` / `AddNoteButton`, without a React root per tweet. Text goes in through `textContent` only
 * (handles and detail values are untrusted). The card opens in React (see the content script's card layer).
 */
import type { CustomerSummary } from '../../lib/cases/types';
import type { PresenceEntry } from '../../lib/sync/presence';
import { chipLabel } from './CaseChip';
import { kindIcon } from './kind-icons';
import { plural, relativeTime } from '../shared/format';

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
  const label = chipLabel(summary, now);
  b.className = `cl-chip${summary.overduePromises > 0 ? ' cl-chip--overdue' : ''}`;
  b.setAttribute('aria-label', label);
  b.title = label;
  b.append(span(doc, 'cl-chip__cases', summary.openCases > 0 ? plural(summary.openCases, 'case') : 'history'));
  if (summary.lastContact != null) b.append(span(doc, 'cl-chip__part', relativeTime(summary.lastContact, now)));
  if (summary.overduePromises > 0) b.append(span(doc, 'cl-chip__overdue', `⚠ ${summary.overduePromises} overdue`));
  const top = summary.topDetails[0];
  if (top) {
    const d = span(doc, 'cl-chip__part cl-chip__detail', ` ${top.value}`);
    d.prepend(kindIcon(doc, top.kind));
    b.append(d);
  }
  if (summary.assignee) b.append(span(doc, 'cl-chip__part cl-chip__assignee', `→ @${summary.assignee}`));
  // Another agent of the team replying to (or looking at) this customer right now. Words, not emoji: where no
  // emoji font is installed they render as empty boxes.
  const live = presence.find((e) => e.mode === 'replying') ?? presence.find((e) => e.mode === 'viewing');
  if (live) {
    b.append(span(doc, `cl-chip__presence cl-chip__presence--${live.mode}`, live.mode === 'replying' ? `@${live.agent} replying` : `@${live.agent} viewing`));
  }
  return b;
}
