/**
 * Team ownership of a customer's open case, in the card: who it is assigned to, "Assign to me", "Unassign",
 * and handing it to another agent. Taking the case from another agent asks for one line of context (the handoff
 * note), so the next agent reads what the last one promised (seed 001).
 */
import { useId, useState, type FormEvent } from 'react';
import type { Case } from '../../lib/cases/types';

export interface AssignBarProps {
  kase: Case;
  /** This agent's handle in the team. */
  me: string;
  onAssign(assignee: string | null, handoff?: string): Promise<boolean>;
}

export function AssignBar({ kase, me, onAssign }: AssignBarProps) {
  const id = useId();
  const owner = kase.assignee ?? null;
  /** The agent the case is being handed to (the form asks for the handoff note), or null. */
  const [to, setTo] = useState<string | null>(null);
  const [who, setWho] = useState('');
  const [note, setNote] = useState('');
  const needsNote = owner !== null && owner !== me;

  const start = (target: string | null) => {
    setTo(target);
    setNote('');
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const target = (to === '' ? who : to)?.trim().replace(/^@/, '') ?? '';
    if (!target) return;
    void onAssign(target, note.trim() || undefined).then((ok) => ok && (setTo(null), setWho('')));
  };

  return (
    <div className="cl-assign" role="group" aria-label="Who owns this case">
      <span className="cl-assign__owner">
        {owner ? (owner === me ? 'Assigned to you' : `Assigned to @${owner}`) : 'Unassigned'}
        <span className="cl-muted"> · {kase.title}</span>
      </span>
      {to === null ? (
        <span className="cl-assign__actions">
          {owner !== me && (
            <button type="button" onClick={() => (needsNote ? start(me) : void onAssign(me))}>
              Assign to me
            </button>
          )}
          <button type="button" onClick={() => start('')}>
            Hand to…
          </button>
          {owner && (owner === me || !needsNote) && (
            <button type="button" onClick={() => void onAssign(null)}>
              Unassign
            </button>
          )}
        </span>
      ) : (
        <form className="cl-form" onSubmit={submit}>
          {to === '' && (
            <>
              <label htmlFor={`${id}-who`}>Agent</label>
              <input id={`${id}-who`} value={who} placeholder="@agent_handle" onChange={(e) => setWho(e.target.value)} />
            </>
          )}
          <label htmlFor={`${id}-note`}>Handoff note{needsNote || to === '' ? '' : ' (optional)'}</label>
          <input
            id={`${id}-note`}
            value={note}
            maxLength={500}
            placeholder="What was promised, what is pending"
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="cl-form__row">
            <button type="button" onClick={() => setTo(null)}>
              Cancel
            </button>
            <button type="submit" disabled={(to === '' && !who.trim()) || (needsNote && !note.trim())}>
              {to === me ? 'Take the case' : 'Hand over'}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
