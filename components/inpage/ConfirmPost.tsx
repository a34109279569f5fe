import { useEffect, useRef, type ReactNode } from 'react';
import type { Finding } from '../../lib/lint/types';
import type { TeamActivity } from '../../lib/sync/activity';
import { relativeTime } from '../shared/format';

/** The frame both confirmations share: a non-modal alert dialog, focus on "Keep editing", Escape cancels. */
function ConfirmBox({ label, title, children, onConfirm, onCancel }: { label: string; title: string; children: ReactNode; onConfirm(): void; onCancel(): void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div
      className="cl-confirm"
      role="alertdialog"
      aria-modal="false"
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <strong>{title}</strong>
      <ul>{children}</ul>
      <div className="cl-form__row">
        <button type="button" ref={cancelRef} onClick={onCancel}>
          Keep editing
        </button>
        <button type="button" onClick={onConfirm}>
          Post anyway
        </button>
      </div>
    </div>
  );
}

const findingItems = (errors: Finding[]) => errors.map((f) => <li key={`${f.rule}:${f.start}`}>{f.message}</li>);

/** Shown when the agent clicks Post with error-level findings (settings.confirmOnError). */
export function ConfirmPost({ errors, onConfirm, onCancel }: { errors: Finding[]; onConfirm(): void; onCancel(): void }) {
  return (
    <ConfirmBox label="Post this reply anyway?" title="Post this reply anyway?" onConfirm={onConfirm} onCancel={onCancel}>
      {findingItems(errors)}
    </ConfirmBox>
  );
}

const NEWS_VERB: Record<TeamActivity['kind'], string> = {
  reply: 'replied',
  note: 'added a note',
  promise: 'made a promise',
  replying: 'is replying right now',
};

/**
 * Shown when the agent clicks Post and, since they opened this conversation, another agent of the team replied to
 * the customer, added a note or a promise, or is replying now (settings.confirmOnTeamActivity). Error-level
 * findings of the draft, if any, are listed too: this one confirmation covers both.
 */
export function ConfirmTeam({
  news,
  errors = [],
  now,
  onConfirm,
  onCancel,
}: {
  news: TeamActivity[];
  errors?: Finding[];
  now: number;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <ConfirmBox
      label="Another agent is on this customer: post anyway?"
      title="Another agent is on this customer. Post anyway?"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {news.slice(0, 5).map((n) => (
        <li key={`${n.kind}:${n.agent}:${n.at}`}>
          @{n.agent} {NEWS_VERB[n.kind]}
          {n.kind === 'replying' ? '' : ` ${relativeTime(n.at, now)}`}
          {n.text ? <div className="cl-confirm__quote">“{n.text.length > 280 ? `${n.text.slice(0, 279)}…` : n.text}”</div> : null}
        </li>
      ))}
      {findingItems(errors)}
    </ConfirmBox>
  );
}
