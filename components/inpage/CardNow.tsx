/**
 * The top of the case card: what the agent needs before replying. Open promises pinned, overdue first (in red, with
 * Done and Reschedule on the row), then the known details with a Copy button (phone numbers formatted for people,
 * libphonenumber's international format, not "+16175550148", once the lint engine that brings it is loaded). The full timeline follows below the card's forms.
 */
import { useId, useState } from 'react';
import type { Detail, PromiseItem } from '../../lib/cases/types';
import { fromDateTimeLocal, relativeTime, shortDate } from '../shared/format';
import { useCardTools } from './card-tools';

export interface CardNowProps {
  promises: PromiseItem[];
  details: Detail[];
  now: number;
  onDone(id: string): Promise<boolean>;
  onReschedule(id: string, due: number | null): Promise<boolean>;
  onCopy(text: string): void;
}

export function CardNow({ promises, details, now, onDone, onReschedule, onCopy }: CardNowProps) {
  const { displayDetail } = useCardTools();
  const open = promises
    .filter((p) => !p.done)
    .sort((a, b) => (a.due ?? Infinity) - (b.due ?? Infinity) || a.createdAt - b.createdAt);
  // Newest detail of each kind: what the agent would ask for again.
  const latest = new Map<string, Detail>();
  for (const d of [...details].sort((a, b) => b.createdAt - a.createdAt)) if (!latest.has(d.kind)) latest.set(d.kind, d);
  if (open.length === 0 && latest.size === 0) return null;
  return (
    <div className="cl-now">
      {open.length > 0 && (
        <ul className="cl-now__promises" aria-label="Open promises">
          {open.map((p) => (
            <PromiseRow key={p.id} p={p} now={now} onDone={onDone} onReschedule={onReschedule} />
          ))}
        </ul>
      )}
      {latest.size > 0 && (
        <ul className="cl-now__details" aria-label="Known details">
          {[...latest.values()].map((d) => {
            const shown = displayDetail(d);
            return (
              <li key={d.id}>
                <span className="cl-muted">{d.kind}</span> <span className="cl-now__value">{shown}</span>{' '}
                <button type="button" aria-label={`Copy ${d.kind} ${shown}`} onClick={() => onCopy(shown)}>
                  Copy
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function PromiseRow({ p, now, onDone, onReschedule }: { p: PromiseItem; now: number; onDone: CardNowProps['onDone']; onReschedule: CardNowProps['onReschedule'] }) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const overdue = p.due != null && p.due < now;
  return (
    <li className={`cl-now__promise${overdue ? ' cl-now__promise--overdue' : ''}`}>
      <span className="cl-now__when">
        {p.due == null ? 'Promise' : overdue ? `OVERDUE ${relativeTime(p.due, now)}` : `Due ${relativeTime(p.due, now)}`}
      </span>{' '}
      <span className="cl-now__text">{p.text}</span>
      {p.due != null && <span className="cl-muted"> ({shortDate(p.due)})</span>}
      {editing ? (
        <form
          className="cl-form__row"
          onSubmit={(e) => {
            e.preventDefault();
            void onReschedule(p.id, fromDateTimeLocal(value)).then((ok) => ok && setEditing(false));
          }}
        >
          <label htmlFor={`${id}-due`}>New due time</label>
          <input id={`${id}-due`} type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <span className="cl-now__actions">
          <button type="button" aria-label={`Done: ${p.text}`} onClick={() => void onDone(p.id)}>
            Done
          </button>
          <button type="button" aria-label={`Reschedule: ${p.text}`} onClick={() => setEditing(true)}>
            Reschedule
          </button>
        </span>
      )}
    </li>
  );
}
