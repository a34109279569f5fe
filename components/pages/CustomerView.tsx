/**
 * One customer's full case history with editing. Used by the options page (full: rename, merge, delete, edit
 * notes) and by the side panel (compact: add note, detail, promise, change status, mark done).
 * Every text here is untrusted (notes, tweets, imported data): it is rendered as React text, never as HTML.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Case, CaseStatus, CustomerHistory, Note, Priority, PromiseItem } from '../../lib/cases/types';
import { handleKey } from '../../lib/cases/types';
import { DETAIL_KINDS, type DetailKind } from '../../lib/lint/types';
import { errorMessage, useCasesVersion, useServices } from './services';
import { useAction } from './useAction';
import { formatDate, fromDateTimeLocal, splitTags } from '../shared/format';
import { AssignBar } from '../inpage/AssignBar';

export const STATUSES: CaseStatus[] = ['open', 'waiting', 'solved'];
export const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

type Load =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; history: CustomerHistory | null };

export interface CustomerViewProps {
  handle: string;
  /** Display name to use when this view creates the customer (e.g. from the focused tweet). */
  displayName?: string;
  /** Full editing (options page): rename, merge, delete, edit customer and notes. */
  full?: boolean;
  /** Called when the handle now resolves to another one (renamed or merged), or was deleted (null). */
  onHandleChanged?: (handle: string | null) => void;
  /** Heading level of the customer name (sections use the next level). */
  level?: 2 | 3;
  /** Move the focus to the customer's heading once loaded (the options page, after choosing them in the list). */
  focusOnLoad?: boolean;
}

export function CustomerView({ handle, displayName, full = false, onHandleChanged, level = 2, focusOnLoad = false }: CustomerViewProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { api } = useServices();
  const version = useCasesVersion();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    api.history(handle).then(
      (history) => {
        if (!live) return;
        setLoad({ state: 'ready', history });
        if (history && history.customer.key !== handleKey(handle)) onHandleChanged?.(history.customer.handle);
      },
      (err) => live && setLoad({ state: 'error', message: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
    // onHandleChanged is a callback prop; following it is not a reason to reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, handle, version, reload]);

  const refresh = () => setReload((n) => n + 1);
  const loaded = load.state !== 'loading' && load.state !== 'error';
  useEffect(() => {
    if (focusOnLoad && loaded) headingRef.current?.focus();
  }, [focusOnLoad, loaded]);
  const H = level === 2 ? 'h2' : 'h3';
  const Sub = level === 2 ? 'h3' : 'h4';

  if (load.state === 'loading') return <p aria-live="polite">Loading @{handle}…</p>;
  if (load.state === 'error')
    return (
      <p role="alert" className="error">
        Could not load @{handle}: {load.message}
      </p>
    );

  const history = load.history;
  const name = history?.customer.displayName || displayName || '';
  const shownHandle = history?.customer.handle ?? handle.replace(/^@/, '');
  return (
    <article className="customer" aria-labelledby={`customer-${handleKey(shownHandle)}`}>
      <header className="customer-head">
        <H id={`customer-${handleKey(shownHandle)}`} ref={headingRef} tabIndex={-1}>
          @{shownHandle}
          {name ? <span className="muted"> · {name}</span> : null}
        </H>
        {history ? (
          <p className="muted small">
            Customer since {formatDate(history.customer.createdAt)}
            {history.customer.aliases.length > 0
              ? ` · also known as ${history.customer.aliases.map((a) => '@' + a).join(', ')}`
              : ''}
            {history.customer.tags.length > 0 ? ` · tags: ${history.customer.tags.join(', ')}` : ''}
          </p>
        ) : (
          <p className="muted">No history for @{shownHandle} yet. Anything you add here starts it.</p>
        )}
      </header>

      {full && history ? <CustomerAdmin history={history} onHandleChanged={onHandleChanged} Sub={Sub} /> : null}

      <section aria-label="Cases">
        <Sub>Cases</Sub>
        {history && history.cases.length > 0 ? (
          <ul className="plain">
            {[...history.cases]
              .sort((a, b) => b.updatedAt - a.updatedAt)
              .map((c) => (
                <li key={c.id}>
                  <CaseEditor kase={c} full={full} onSaved={refresh} />
                  {history.me && c.status !== 'solved' ? <CaseOwner kase={c} me={history.me} onSaved={refresh} /> : null}
                </li>
              ))}
          </ul>
        ) : (
          <p className="muted">No cases yet. Add one below when the customer raises an issue.</p>
        )}
        <NewCaseForm handle={shownHandle} displayName={name} onSaved={refresh} />
      </section>

      <section aria-label="Promises">
        <Sub>Promises</Sub>
        <PromiseList promises={history?.promises ?? []} cases={history?.cases ?? []} onSaved={refresh} />
        <NewPromiseForm handle={shownHandle} displayName={name} cases={history?.cases ?? []} onSaved={refresh} />
      </section>

      <section aria-label="Notes">
        <Sub>Notes</Sub>
        {history && history.notes.length > 0 ? (
          <ul className="plain">
            {[...history.notes]
              .sort((a, b) => b.createdAt - a.createdAt)
              .map((n) => (
                <li key={n.id}>
                  <NoteItem note={n} cases={history.cases} editable={full} onSaved={refresh} />
                </li>
              ))}
          </ul>
        ) : (
          <p className="muted">No notes. Add what the next agent should know, so the customer need not repeat it.</p>
        )}
        <NewNoteForm handle={shownHandle} displayName={name} cases={history?.cases ?? []} onSaved={refresh} />
      </section>

      <section aria-label="Known details">
        <Sub>Known details</Sub>
        {history && history.details.length > 0 ? (
          <DetailList history={history} onSaved={refresh} />
        ) : (
          <p className="muted">No known details. Add an order number, account or device once, and the linter flags replies that ask for it again.</p>
        )}
        <NewDetailForm handle={shownHandle} displayName={name} onSaved={refresh} />
      </section>

      <section aria-label="Interactions">
        <Sub>Interactions</Sub>
        {history && history.interactions.length > 0 ? (
          <ol className="plain interactions">
            {[...history.interactions]
              .sort((a, b) => b.at - a.at)
              .map((i) => (
                <li key={i.id} className={i.kind === 'agent-reply' ? 'reply' : 'tweet'}>
                  <p className="small muted">
                    {i.kind === 'agent-reply' ? `Reply by @${i.author}` : `Tweet by @${i.author}`} ·{' '}
                    {formatDate(i.at)}
                    {caseTitle(history.cases, i.caseId)}
                    {i.url && /^https:\/\//.test(i.url) ? (
                      <>
                        {' · '}
                        <a href={i.url} target="_blank" rel="noreferrer noopener">
                          open on X
                        </a>
                      </>
                    ) : null}
                  </p>
                  <p className="pre">{i.text}</p>
                </li>
              ))}
          </ol>
        ) : (
          <p className="muted">No interactions recorded.</p>
        )}
      </section>
    </article>
  );
}

function caseTitle(cases: Case[], id: string | null): string {
  if (!id) return '';
  const c = cases.find((x) => x.id === id);
  return c ? ` · case “${c.title}”` : '';
}

function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="error">
      {error}
    </p>
  ) : null;
}

function CaseSelect({ cases, value, onChange, label }: { cases: Case[]; value: string; onChange: (v: string) => void; label: string }) {
  const id = useId();
  if (cases.length === 0) return null;
  return (
    <span className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">No case</option>
        {cases.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </select>
    </span>
  );
}

/**
 * In a team: who owns an open case, with Assign to me / Hand to… / Unassign (the card's AssignBar, so the rules are
 * the same everywhere: taking a case from another agent asks for the handoff note, stored as a note on the case).
 */
function CaseOwner({ kase, me, onSaved }: { kase: Case; me: string; onSaved: () => void }) {
  const { api } = useServices();
  const { run, error } = useAction();
  return (
    <div className="case-owner">
      <AssignBar
        kase={kase}
        me={me}
        onAssign={(assignee, handoff) => run(() => api.assignCase({ id: kase.id, assignee, handoff })).then((ok) => { if (ok) onSaved(); return ok; })}
      />
      {error ? (
        <p role="alert" className="error small">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function CaseEditor({ kase, full, onSaved }: { kase: Case; full: boolean; onSaved: () => void }) {
  const { api } = useServices();
  const { run, error, busy } = useAction();
  const [title, setTitle] = useState(kase.title);
  const [priority, setPriority] = useState(kase.priority);
  const [tags, setTags] = useState(kase.tags.join(', '));
  const id = useId();
  // Follow changes from elsewhere, but never overwrite what the agent is typing.
  const [dirty, setDirty] = useState(false);
  const tagsText = kase.tags.join(', ');
  useEffect(() => {
    if (dirty) return;
    setTitle(kase.title);
    setPriority(kase.priority);
    setTags(tagsText);
  }, [kase.title, kase.priority, tagsText, dirty]);

  const changeStatus = (status: CaseStatus) =>
    void run(() => api.updateCase({ id: kase.id, patch: { status } })).then((ok) => ok && onSaved());

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    void run(() =>
      api.updateCase({ id: kase.id, patch: { title: title.trim(), priority, tags: splitTags(tags) } }),
    ).then((ok) => {
      if (!ok) return;
      setDirty(false);
      onSaved();
    });
  };

  return (
    <form className={`case status-${kase.status}`} onSubmit={save} aria-label={`Case ${kase.title}`}>
      <div className="row">
        <strong className="case-title">{kase.title}</strong>
        <span className={`badge status-${kase.status}`}>{kase.status}</span>
        <span className={`badge priority-${kase.priority}`}>{kase.priority}</span>
        <span className="field">
          <label htmlFor={`${id}-status`}>
            Status<span className="sr-only"> of {kase.title}</span>
          </label>
          <select
            id={`${id}-status`}
            value={kase.status}
            disabled={busy}
            onChange={(e) => changeStatus(e.target.value as CaseStatus)}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </span>
      </div>
      {full ? (
        <div className="row">
          <span className="field">
            <label htmlFor={`${id}-title`}>Title</label>
            <input id={`${id}-title`} value={title} required onChange={(e) => { setDirty(true); setTitle(e.target.value); }} />
          </span>
          <span className="field">
            <label htmlFor={`${id}-priority`}>Priority</label>
            <select id={`${id}-priority`} value={priority} onChange={(e) => { setDirty(true); setPriority(e.target.value as Priority); }}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </span>
          <span className="field">
            <label htmlFor={`${id}-tags`}>Tags (comma-separated)</label>
            <input id={`${id}-tags`} value={tags} onChange={(e) => { setDirty(true); setTags(e.target.value); }} />
          </span>
          <button type="submit" disabled={busy}>
            Save case
          </button>
        </div>
      ) : kase.tags.length > 0 ? (
        <p className="small muted">tags: {kase.tags.join(', ')}</p>
      ) : null}
      <p className="small muted">Updated {formatDate(kase.updatedAt)}</p>
      <ErrorLine error={error} />
    </form>
  );
}

function NewCaseForm({ handle, displayName, onSaved }: { handle: string; displayName: string; onSaved: () => void }) {
  const { api } = useServices();
  const { run, error, busy } = useAction();
  const [title, setTitle] = useState('');
  const [status, setStatus] = useState<CaseStatus>('open');
  const [priority, setPriority] = useState<Priority>('normal');
  const [tags, setTags] = useState('');
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    void run(() =>
      api.createCase({
        handle,
        displayName: displayName || undefined,
        title: title.trim(),
        status,
        priority,
        tags: splitTags(tags),
      }),
    ).then((ok) => {
      if (!ok) return;
      setTitle('');
      setTags('');
      onSaved();
    });
  };
  return (
    <form className="add" onSubmit={submit}>
      <span className="field grow">
        <label htmlFor={`${id}-t`}>New case title</label>
        <input id={`${id}-t`} value={title} required onChange={(e) => setTitle(e.target.value)} />
      </span>
      <span className="field">
        <label htmlFor={`${id}-s`}>Status</label>
        <select id={`${id}-s`} value={status} onChange={(e) => setStatus(e.target.value as CaseStatus)}>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </span>
      <span className="field">
        <label htmlFor={`${id}-p`}>Priority</label>
        <select id={`${id}-p`} value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
          {PRIORITIES.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </span>
      <span className="field">
        <label htmlFor={`${id}-g`}>Tags</label>
        <input id={`${id}-g`} value={tags} placeholder="billing, outage" onChange={(e) => setTags(e.target.value)} />
      </span>
      <button type="submit" disabled={busy}>
        Add case
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

function PromiseList({ promises, cases, onSaved }: { promises: PromiseItem[]; cases: Case[]; onSaved: () => void }) {
  if (promises.length === 0)
    return <p className="muted">No promises. When you promise a follow-up, add it below with a due time: Caselint reminds you when it is overdue.</p>;
  const now = Date.now();
  const sorted = [...promises].sort(
    (a, b) => Number(a.done) - Number(b.done) || (a.due ?? Infinity) - (b.due ?? Infinity),
  );
  return (
    <ul className="plain">
      {sorted.map((p) => (
        <PromiseRow key={p.id} promise={p} cases={cases} now={now} onSaved={onSaved} />
      ))}
    </ul>
  );
}

/** "2026-11-27T09:30" in local time, as a datetime-local input shows it; "" for no due date. */
function toDateTimeLocal(ms: number | null): string {
  if (ms == null) return '';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** One promise: done checkbox, due date, and (while open) "Edit" to change its text or reschedule it. */
function PromiseRow({ promise: p, cases, now, onSaved }: { promise: PromiseItem; cases: Case[]; now: number; onSaved: () => void }) {
  const { api } = useServices();
  const { run, error, busy, clear } = useAction();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(p.text);
  const [due, setDue] = useState('');
  const editButton = useRef<HTMLButtonElement>(null);
  const id = useId();
  const overdue = !p.done && p.due != null && p.due < now;

  // When the form closes, focus goes back to the control that opened it (keyboard users keep their place).
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  const close = () => {
    clear();
    setEditing(false);
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const nextText = text.trim();
    const dueChanged = due !== toDateTimeLocal(p.due);
    const textChanged = nextText !== p.text;
    void run(async () => {
      if (!nextText) throw new Error('The promise needs a text.');
      if (due && fromDateTimeLocal(due) === null) throw new Error(`Due: "${due}" is not a date and time.`);
      // Only what the agent changed: an untouched due time keeps its seconds and its overdue notification.
      if (!dueChanged && !textChanged) return;
      await api.updatePromise({
        id: p.id,
        ...(textChanged ? { text: nextText } : {}),
        ...(dueChanged ? { due: fromDateTimeLocal(due) } : {}),
      });
    }).then((ok) => {
      if (!ok) return;
      close();
      onSaved();
    });
  };

  return (
    <li className={overdue ? 'overdue' : p.done ? 'done' : undefined}>
      <label className="check">
        <input
          type="checkbox"
          checked={p.done}
          disabled={busy}
          onChange={(e) => void run(() => api.setPromiseDone({ id: p.id, done: e.target.checked })).then((ok) => ok && onSaved())}
        />
        <span>
          Done: <span className="pre">{p.text}</span>
        </span>
      </label>
      <span className="small muted">
        {' '}
        · {p.due == null ? 'no due date' : `due ${formatDate(p.due)}`}
        {overdue ? ' · overdue' : ''}
        {p.by ? ` · by @${p.by}` : ''}
        {caseTitle(cases, p.caseId)}
      </span>
      {!p.done && !editing ? (
        <>
          {' '}
          <button
            ref={editButton}
            type="button"
            className="link"
            aria-label={`Edit promise ${p.text}`}
            onClick={() => {
              clear();
              setText(p.text);
              setDue(toDateTimeLocal(p.due));
              setEditing(true);
            }}
          >
            Edit
          </button>
        </>
      ) : null}
      {editing ? (
        <form
          className="add"
          aria-label={`Edit promise ${p.text}`}
          onSubmit={save}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              close();
            }
          }}
        >
          <PromiseFields id={id} text={text} due={due} onText={setText} onDue={setDue} textLabel="Promise text" dueLabel="Due time" autoFocus />
          <button type="submit" disabled={busy}>
            Save promise
          </button>{' '}
          <button type="button" onClick={close}>
            Cancel
          </button>
        </form>
      ) : null}
      <ErrorLine error={error} />
    </li>
  );
}

/** The text and due inputs of a promise, for adding one and for editing one. */
function PromiseFields(props: {
  id: string;
  text: string;
  due: string;
  onText: (v: string) => void;
  onDue: (v: string) => void;
  textLabel: string;
  dueLabel: string;
  autoFocus?: boolean;
}) {
  const { id } = props;
  return (
    <>
      <span className="field grow">
        <label htmlFor={`${id}-t`}>{props.textLabel}</label>
        <input
          id={`${id}-t`}
          value={props.text}
          required
          maxLength={2000}
          autoFocus={props.autoFocus}
          placeholder="Call back with the refund status"
          onChange={(e) => props.onText(e.target.value)}
        />
      </span>
      <span className="field">
        <label htmlFor={`${id}-d`}>{props.dueLabel}</label>
        <input id={`${id}-d`} type="datetime-local" value={props.due} onChange={(e) => props.onDue(e.target.value)} />
      </span>
    </>
  );
}

function NewPromiseForm({ handle, displayName, cases, onSaved }: { handle: string; displayName: string; cases: Case[]; onSaved: () => void }) {
  const { api } = useServices();
  const { run, error, busy } = useAction();
  const [text, setText] = useState('');
  const [due, setDue] = useState('');
  const [caseId, setCaseId] = useState('');
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    void run(() =>
      api.addPromise({
        handle,
        displayName: displayName || undefined,
        text: text.trim(),
        due: fromDateTimeLocal(due),
        caseId: caseId || null,
      }),
    ).then((ok) => {
      if (!ok) return;
      setText('');
      setDue('');
      onSaved();
    });
  };
  return (
    <form className="add" onSubmit={submit}>
      <PromiseFields id={id} text={text} due={due} onText={setText} onDue={setDue} textLabel="New promise" dueLabel="Due" />
      <CaseSelect cases={cases} value={caseId} onChange={setCaseId} label="For case" />
      <button type="submit" disabled={busy}>
        Add promise
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

function NoteItem({ note, cases, editable, onSaved }: { note: Note; cases: Case[]; editable: boolean; onSaved: () => void }) {
  const { api } = useServices();
  const { run, error, busy } = useAction();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(note.text);
  const id = useId();
  if (editing) {
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return;
          void run(() => api.updateNote({ id: note.id, text: text.trim() })).then((ok) => {
            if (ok) {
              setEditing(false);
              onSaved();
            }
          });
        }}
      >
        <label htmlFor={id}>Edit note</label>
        <textarea id={id} value={text} rows={3} onChange={(e) => setText(e.target.value)} />
        <button type="submit" disabled={busy}>
          Save note
        </button>{' '}
        <button type="button" onClick={() => setEditing(false)}>
          Cancel
        </button>
        <ErrorLine error={error} />
      </form>
    );
  }
  return (
    <div className="note">
      <p className="pre">{note.text}</p>
      <p className="small muted">
        {note.by ? `By @${note.by}, ` : ''}
        {formatDate(note.createdAt)}
        {note.editedAt && note.editedAt > note.createdAt ? ` · edited ${formatDate(note.editedAt)}` : ''}
        {caseTitle(cases, note.caseId)}
        {editable ? (
          <>
            {' '}
            <button type="button" className="link" onClick={() => { setText(note.text); setEditing(true); }}>
              Edit note
            </button>{' '}
            <button
              type="button"
              className="link danger"
              disabled={busy}
              onClick={() => void run(() => api.deleteNote({ id: note.id })).then((ok) => ok && onSaved())}
            >
              Delete note
            </button>
          </>
        ) : null}
      </p>
      <ErrorLine error={error} />
    </div>
  );
}

function NewNoteForm({ handle, displayName, cases, onSaved }: { handle: string; displayName: string; cases: Case[]; onSaved: () => void }) {
  const { api } = useServices();
  const { run, error, busy } = useAction();
  const [text, setText] = useState('');
  const [caseId, setCaseId] = useState('');
  const id = useId();
  return (
    <form
      className="add"
     
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        void run(() =>
          api.addNote({ handle, displayName: displayName || undefined, text: text.trim(), caseId: caseId || null }),
        ).then((ok) => {
          if (!ok) return;
          setText('');
          onSaved();
        });
      }}
    >
      <span className="field grow">
        <label htmlFor={id}>New note</label>
        <textarea id={id} value={text} rows={2} required onChange={(e) => setText(e.target.value)} />
      </span>
      <CaseSelect cases={cases} value={caseId} onChange={setCaseId} label="Note for case" />
      <button type="submit" disabled={busy}>
        Add note
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

function DetailList({ history, onSaved }: { history: CustomerHistory; onSaved: () => void }) {
  const { api } = useServices();
  const { run, error, busy } = useAction();
  return (
    <>
      <dl className="details">
        {[...history.details]
          .sort((a, b) => b.createdAt - a.createdAt)
          .map((d) => (
            <div key={d.id} className="detail">
              <dt>{d.kind}</dt>
              <dd>
                <span className="pre">{d.value}</span>{' '}
                <span className="small muted">
                  ({d.source}, {d.by ? `by @${d.by}, ` : ''}{formatDate(d.createdAt)})
                </span>{' '}
                <button
                  type="button"
                  className="link danger"
                  disabled={busy}
                  aria-label={`Delete ${d.kind} ${d.value}`}
                  onClick={() => void run(() => api.deleteDetail({ id: d.id })).then((ok) => ok && onSaved())}
                >
                  Delete
                </button>
              </dd>
            </div>
          ))}
      </dl>
      <ErrorLine error={error} />
    </>
  );
}

function NewDetailForm({ handle, displayName, onSaved }: { handle: string; displayName: string; onSaved: () => void }) {
  const { api } = useServices();
  const { run, error, busy } = useAction();
  const [kind, setKind] = useState<DetailKind>('order');
  const [value, setValue] = useState('');
  const id = useId();
  return (
    <form
      className="add"
     
      onSubmit={(e) => {
        e.preventDefault();
        if (!value.trim()) return;
        void run(() =>
          api.addDetail({ handle, displayName: displayName || undefined, kind, value: value.trim(), source: 'typed' }),
        ).then((ok) => {
          if (!ok) return;
          setValue('');
          onSaved();
        });
      }}
    >
      <span className="field">
        <label htmlFor={`${id}-k`}>Detail kind</label>
        <select id={`${id}-k`} value={kind} onChange={(e) => setKind(e.target.value as DetailKind)}>
          {DETAIL_KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </span>
      <span className="field grow">
        <label htmlFor={`${id}-v`}>Detail value</label>
        <input id={`${id}-v`} value={value} required onChange={(e) => setValue(e.target.value)} />
      </span>
      <button type="submit" disabled={busy}>
        Add detail
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

/** Options-page only: edit name/tags, rename, merge, delete. */
function CustomerAdmin({
  history,
  onHandleChanged,
  Sub,
}: {
  history: CustomerHistory;
  onHandleChanged?: (h: string | null) => void;
  Sub: 'h3' | 'h4';
}) {
  const { api } = useServices();
  const { run, error, busy } = useAction();
  const c = history.customer;
  const [name, setName] = useState(c.displayName);
  const [tags, setTags] = useState(c.tags.join(', '));
  const [renameTo, setRenameTo] = useState('');
  const [mergeFrom, setMergeFrom] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const id = useId();
  const [dirty, setDirty] = useState(false);
  const tagsText = c.tags.join(', ');
  useEffect(() => {
    if (dirty) return;
    setName(c.displayName);
    setTags(tagsText);
  }, [c.displayName, tagsText, dirty]);

  return (
    <section aria-label="Customer" className="admin">
      <Sub>Customer</Sub>
      <form
        className="add"
        aria-label="Edit customer"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => api.upsertCustomer({ handle: c.handle, displayName: name.trim(), tags: splitTags(tags) })).then(
            (ok) => ok && setDirty(false),
          );
        }}
      >
        <span className="field">
          <label htmlFor={`${id}-n`}>Display name</label>
          <input id={`${id}-n`} value={name} onChange={(e) => { setDirty(true); setName(e.target.value); }} />
        </span>
        <span className="field grow">
          <label htmlFor={`${id}-t`}>Customer tags</label>
          <input id={`${id}-t`} value={tags} onChange={(e) => { setDirty(true); setTags(e.target.value); }} />
        </span>
        <button type="submit" disabled={busy}>
          Save customer
        </button>
      </form>
      <form
        className="add"
        aria-label="Rename handle"
        onSubmit={(e) => {
          e.preventDefault();
          const to = renameTo.trim().replace(/^@/, '');
          if (!to) return;
          void run(() => api.renameCustomer({ from: c.handle, to })).then((ok) => {
            if (!ok) return;
            setRenameTo('');
            onHandleChanged?.(to);
          });
        }}
      >
        <span className="field grow">
          <label htmlFor={`${id}-r`}>Rename @{c.handle} to</label>
          <input id={`${id}-r`} value={renameTo} placeholder="new_handle" onChange={(e) => setRenameTo(e.target.value)} />
        </span>
        <button type="submit" disabled={busy}>
          Rename
        </button>
      </form>
      <form
        className="add"
        aria-label="Merge customers"
        onSubmit={(e) => {
          e.preventDefault();
          const from = mergeFrom.trim().replace(/^@/, '');
          if (!from) return;
          void run(() => api.mergeCustomers({ from, into: c.handle })).then((ok) => ok && setMergeFrom(''));
        }}
      >
        <span className="field grow">
          <label htmlFor={`${id}-m`}>Merge another handle into @{c.handle}</label>
          <input id={`${id}-m`} value={mergeFrom} placeholder="old_handle" onChange={(e) => setMergeFrom(e.target.value)} />
        </span>
        <button type="submit" disabled={busy}>
          Merge
        </button>
      </form>
      {confirmDelete ? (
        <div role="alertdialog" aria-label="Confirm delete" className="confirm">
          <p>
            Delete @{c.handle} with {history.cases.length} cases, {history.notes.length} notes and{' '}
            {history.promises.length} promises? This cannot be undone.
          </p>
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() =>
              void run(() => api.deleteCustomer({ handle: c.handle })).then((ok) => ok && onHandleChanged?.(null))
            }
          >
            Yes, delete @{c.handle}
          </button>{' '}
          <button type="button" onClick={() => setConfirmDelete(false)} autoFocus>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
          Delete customer
        </button>
      )}
      <ErrorLine error={error} />
    </section>
  );
}
