import type { CustomerSummary } from '../../lib/cases/types';
import { plural, relativeTime } from '../shared/format';
import { KIND_PATHS } from './kind-icons';

/** The detail kind's line icon (same paths as the production chip, components/inpage/kind-icons.ts). */
function KindIcon({ kind }: { kind: string }) {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" className="cl-kind-icon">
      <path d={KIND_PATHS[kind] ?? KIND_PATHS.other} />
    </svg>
  );
}

export function chipLabel(summary: CustomerSummary, now: number): string {
  const parts = [`Case history: @${summary.handle}`];
  parts.push(plural(summary.openCases, 'open case'));
  if (summary.lastContact != null) parts.push(`last contact ${relativeTime(summary.lastContact, now)}`);
  if (summary.overduePromises > 0) parts.push(`${plural(summary.overduePromises, 'overdue promise')}`);
  else if (summary.nextDue != null) parts.push(`promise due ${relativeTime(summary.nextDue, now)}`);
  for (const d of summary.topDetails.slice(0, 2)) parts.push(`${d.kind} ${d.value}`);
  if (summary.notes > 0) parts.push(plural(summary.notes, 'note'));
  return parts.join(', ');
}

export interface CaseChipProps {
  summary: CustomerSummary;
  now: number;
  expanded: boolean;
  onToggle(): void;
  buttonRef?: React.Ref<HTMLButtonElement>;
}

/** Compact chip beside the author's name: open cases, last contact, overdue promise, the most useful detail. */
export function CaseChip({ summary, now, expanded, onToggle, buttonRef }: CaseChipProps) {
  const top = summary.topDetails[0];
  return (
    <button
      type="button"
      ref={buttonRef}
      className={`cl-chip${summary.overduePromises > 0 ? ' cl-chip--overdue' : ''}`}
      aria-label={chipLabel(summary, now)}
      aria-expanded={expanded}
      aria-haspopup="dialog"
      title={chipLabel(summary, now)}
      onClick={onToggle}
    >
      <span className="cl-chip__cases">{summary.openCases > 0 ? plural(summary.openCases, 'case') : 'history'}</span>
      {summary.lastContact != null && (
        <span className="cl-chip__part">{relativeTime(summary.lastContact, now)}</span>
      )}
      {summary.overduePromises > 0 && (
        <span className="cl-chip__overdue">⚠ {summary.overduePromises} overdue</span>
      )}
      {top && (
        <span className="cl-chip__part cl-chip__detail">
          <KindIcon kind={top.kind} /> {top.value}
        </span>
      )}
      {summary.assignee && <span className="cl-chip__part cl-chip__assignee">→ @{summary.assignee}</span>}
    </button>
  );
}

export interface AddNoteButtonProps {
  handle: string;
  expanded: boolean;
  onToggle(): void;
  buttonRef?: React.Ref<HTMLButtonElement>;
}

/** Quiet button for authors without history; shown on hover/focus of the tweet (see styles). */
export function AddNoteButton({ handle, expanded, onToggle, buttonRef }: AddNoteButtonProps) {
  return (
    <button
      type="button"
      ref={buttonRef}
      className="cl-add"
      aria-label={`Add case note: @${handle}`}
      aria-expanded={expanded}
      aria-haspopup="dialog"
      onClick={onToggle}
    >
      + note
    </button>
  );
}
