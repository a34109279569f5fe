import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { CaseApi } from '../../lib/cases/api';
import type { CustomerHistory } from '../../lib/cases/types';
import { DETAIL_KINDS, type DetailKind } from '../../lib/lint/types';
import type { XTweet } from '../../lib/x/types';
import { describePresence, type PresenceEntry } from '../../lib/sync/presence';
import { relativeTime, shortDate } from '../shared/format';
import { guessDetailKind } from './guess-kind';
import { TweetDetails } from './TweetDetails';
import { AssignBar } from './AssignBar';
import { CardNow } from './CardNow';
import { PLAIN_CARD_TOOLS, useCardTools, type CardTools } from './card-tools';

export interface TimelineEntry {
  key: string;
  at: number;
  kind: 'note' | 'detail' | 'tweet' | 'reply' | 'promise' | 'case';
  label: string;
  text: string;
  overdue?: boolean;
  done?: boolean;
  /** The agent who wrote it (team sync), and when it was last changed after that. */
  by?: string | null;
  editedAt?: number | null;
}

/** Everything known about a customer, newest first. Overdue promises are flagged. */
export function buildTimeline(history: CustomerHistory, now: number, displayDetail: CardTools['displayDetail'] = PLAIN_CARD_TOOLS.displayDetail): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const c of history.cases)
    out.push({ key: `c${c.id}`, at: c.createdAt, kind: 'case', label: `Case (${c.status}, ${c.priority})`, text: c.title, by: c.by, editedAt: c.editedAt });
  for (const n of history.notes)
    out.push({ key: `n${n.id}`, at: n.createdAt, kind: 'note', label: 'Note', text: n.text, by: n.by, editedAt: n.editedAt });
  for (const d of history.details)
    out.push({ key: `d${d.id}`, at: d.createdAt, kind: 'detail', label: `Detail: ${d.kind}`, text: displayDetail(d), by: d.by });
  for (const i of history.interactions)
    out.push({
      key: `i${i.id}`,
      at: i.at,
      kind: i.kind === 'agent-reply' ? 'reply' : 'tweet',
      label: i.kind === 'agent-reply' ? `Reply by @${i.author}` : `Tweet by @${i.author}`,
      text: i.text,
    });
  for (const p of history.promises) {
    const overdue = !p.done && p.due != null && p.due < now;
    out.push({
      key: `p${p.id}`,
      at: p.createdAt,
      kind: 'promise',
      label: p.done
        ? 'Promise (done)'
        : overdue
          ? `Promise OVERDUE (was due ${relativeTime(p.due!, now)})`
          : p.due != null
            ? `Promise due ${relativeTime(p.due, now)}`
            : 'Promise',
      text: p.text,
      overdue,
      done: p.done,
      by: p.by,
      editedAt: p.editedAt,
    });
  }
  return out.sort((a, b) => b.at - a.at);
}

type Action = null | 'note' | 'attach' | 'detail' | 'promise';

export interface CaseCardProps {
  api: CaseApi;
  handle: string;
  displayName?: string;
  /** The tweet the chip sits on, for "attach this tweet" and "save selection". */
  tweet?: XTweet | null;
  /** Text the agent selected inside this tweet's text (window.getSelection() scoped by the caller). */
  getSelectedText?: () => string;
  /** Bumped by the caller when the store says this customer changed, to reload. */
  refreshKey?: number;
  now?: () => number;
  /** Other agents of the team on this customer (team presence): replying, viewing, viewed. */
  presence?: readonly PresenceEntry[];
  onClose(): void;
  /** Tab from the card's last control: the caller moves the focus back to the tweet (the card sits apart from it). */
  onTabPastEnd?: () => void;
  /** Resolves `{ opened: false }` when the browser refused (Firefox: not from a user action it counts); the card then says how. */
  onOpenSidePanel?: () => Promise<{ opened: boolean; error?: string }> | void;
}

/** Non-modal popover: the case timeline and quick actions. Escape closes (the caller returns focus to the chip). */
export function CaseCard({
  api,
  handle,
  displayName,
  tweet,
  getSelectedText,
  refreshKey = 0,
  now = Date.now,
  presence = [],
  onClose,
  onTabPastEnd,
  onOpenSidePanel,
}: CaseCardProps) {
  const [history, setHistory] = useState<CustomerHistory | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string>('');
  const [action, setAction] = useState<Action>(null);
  const [reloads, setReloads] = useState(0);
  const titleId = useId();
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    api.history(handle).then(
      (h) => live && (setHistory(h), setError(null)),
      (e: unknown) => live && setError(`Could not load the history of @${handle}: ${errorText(e)}`),
    );
    return () => {
      live = false;
    };
  }, [api, handle, refreshKey, reloads]);

  useEffect(() => {
    rootRef.current?.focus();
  }, []);

  // A sub-form that closes (saved, cancelled, Escape) takes the focus with it: keep it in the card, so Escape
  // still closes the card and Tab still moves through it.
  useEffect(() => {
    if (action !== null) return;
    const root = rootRef.current;
    if (!root) return;
    const active = (root.getRootNode() as Document | ShadowRoot).activeElement;
    if (!active || !root.contains(active)) root.focus();
  }, [action]);

  const run = useCallback(
    async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
        setStatus(`${what} saved.`);
        setError(null);
        setAction(null);
        setReloads((n) => n + 1);
        return true;
      } catch (e) {
        setError(`${what} was not saved: ${errorText(e)}`);
        return false;
      }
    },
    [],
  );

  const nowMs = now();
  const { displayDetail } = useCardTools();
  const timeline = useMemo(() => (history ? buildTimeline(history, nowMs, displayDetail) : []), [history, nowMs, displayDetail]);
  const cases = history?.cases ?? [];
  const openCase = cases.find((c) => c.status !== 'solved') ?? null;

  return (
    <div
      ref={rootRef}
      className="cl-card"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          if (action) setAction(null);
          else onClose();
        } else if (e.key === 'Tab' && !e.shiftKey && onTabPastEnd && rootRef.current) {
          const controls = tabbable(rootRef.current);
          const active = (rootRef.current.getRootNode() as Document | ShadowRoot).activeElement;
          if (controls.length === 0 || active === controls[controls.length - 1]) {
            e.preventDefault();
            onTabPastEnd();
          }
        }
      }}
    >
      <header className="cl-card__head">
        <h2 id={titleId} className="cl-card__title">
          Case history: @{handle}
          {history?.customer.displayName || displayName ? (
            <span className="cl-muted"> ({history?.customer.displayName || displayName})</span>
          ) : null}
        </h2>
        <button type="button" className="cl-icon" aria-label="Close case card" onClick={onClose}>
          ×
        </button>
      </header>

      {error && (
        <p role="alert" className="cl-error">
          {error}
        </p>
      )}
      {presence.length > 0 ? (
        <ul className="cl-presence" aria-label="Other agents on this customer">
          {presence.slice(0, 4).map((p) => (
            <li key={`${p.agent}|${p.mode}`} className={`cl-presence__item cl-presence__item--${p.mode}`}>
              {describePresence(p, nowMs)}
            </li>
          ))}
        </ul>
      ) : null}
      {history?.unsynced ? (
        <p className="cl-unsynced">Saved in this browser, not yet on the team server: it is sent when the server answers.</p>
      ) : null}
      <p role="status" className="cl-status">
        {status}
      </p>

      {history && (
        <CardNow
          promises={history.promises}
          details={history.details}
          now={nowMs}
          onDone={(id) => run('Promise', () => api.setPromiseDone({ id, done: true }))}
          onReschedule={(id, due) => run('Promise', () => api.updatePromise({ id, due }))}
          onCopy={(text) =>
            void navigator.clipboard?.writeText(text).then(
              () => setStatus(`Copied ${text}.`),
              () => setStatus(`Could not copy; it is ${text}`),
            )
          }
        />
      )}
      <div className="cl-actions" role="group" aria-label="Case actions">
        <button type="button" aria-pressed={action === 'note'} onClick={() => setAction(action === 'note' ? null : 'note')}>
          Add note
        </button>
        {tweet && (
          <button type="button" aria-pressed={action === 'attach'} onClick={() => setAction(action === 'attach' ? null : 'attach')}>
            Attach this tweet
          </button>
        )}
        {tweet && getSelectedText && (
          <button type="button" aria-pressed={action === 'detail'} onClick={() => setAction(action === 'detail' ? null : 'detail')}>
            Save selection as detail
          </button>
        )}
        <button type="button" aria-pressed={action === 'promise'} onClick={() => setAction(action === 'promise' ? null : 'promise')}>
          Add promise
        </button>
        {onOpenSidePanel && (
          <button
            type="button"
            onClick={() =>
              void Promise.resolve(onOpenSidePanel()).then((r) => {
                if (r && !r.opened) setStatus(SIDE_PANEL_HOW);
              })
            }
          >
            Open in side panel
          </button>
        )}
      </div>

      {history?.me && openCase && (
        <AssignBar kase={openCase} me={history.me} onAssign={(assignee, handoff) => run('Assignment', () => api.assignCase({ id: openCase.id, assignee, handoff }))} />
      )}
      {tweet && history !== undefined && (
        <TweetDetails
          text={tweet.text}
          saved={history?.details ?? []}
          onKeep={(kind, value) =>
            void run('Detail', () => api.addDetail({ handle, displayName, kind, value, source: 'tweet', sourceRef: tweet.id, caseId: openCase?.id ?? null }))
          }
        />
      )}
      {action === 'note' && (
        <NoteForm
          onCancel={() => setAction(null)}
          onSave={(text, caseId) =>
            run('Note', () => api.addNote({ handle, displayName, text, caseId }))
          }
          cases={cases}
          defaultCaseId={openCase?.id ?? null}
        />
      )}
      {action === 'attach' && tweet && (
        <AttachForm
          cases={cases}
          defaultCaseId={openCase?.id ?? null}
          onCancel={() => setAction(null)}
          onSave={(target) =>
            run('Tweet', async () => {
              let caseId: string | null = null;
              if (target.kind === 'existing') caseId = target.caseId;
              else if (target.kind === 'new') {
                const c = await api.createCase({ handle, displayName, title: target.title });
                caseId = c.id;
              }
              await api.attachTweet({
                handle,
                displayName,
                caseId,
                tweetId: tweet.id,
                text: tweet.text,
                url: tweet.url,
                at: tweet.time ? Date.parse(tweet.time) : undefined,
              });
            })
          }
        />
      )}
      {action === 'detail' && tweet && getSelectedText && (
        <DetailForm
          initial={getSelectedText()}
          onCancel={() => setAction(null)}
          onSave={(kind, value) =>
            run('Detail', () =>
              api.addDetail({
                handle,
                displayName,
                kind,
                value,
                source: 'tweet',
                sourceRef: tweet.id,
                caseId: openCase?.id ?? null,
              }),
            )
          }
        />
      )}
      {action === 'promise' && (
        <PromiseForm
          onCancel={() => setAction(null)}
          onSave={(text, due) =>
            run('Promise', () => api.addPromise({ handle, displayName, text, due, caseId: openCase?.id ?? null }))
          }
        />
      )}

      {history === undefined && !error && <p className="cl-muted">Loading…</p>}
      {history === null && <p className="cl-muted">No history for @{handle} yet.</p>}
      {history && (
        <ol className="cl-timeline" aria-label={`Timeline of @${handle}`}>
          {timeline.map((e) => (
            <li
              key={e.key}
              className={`cl-entry cl-entry--${e.kind}${e.overdue ? ' cl-entry--overdue' : ''}${e.done ? ' cl-entry--done' : ''}`}
            >
              <div className="cl-entry__meta">
                <span className="cl-entry__label">
                  {e.label}
                  {e.by && e.kind !== 'reply' ? <span className="cl-entry__by"> by @{e.by}</span> : null}
                </span>
                <span>
                  <time dateTime={new Date(e.at).toISOString()} title={shortDate(e.at)}>
                    {relativeTime(e.at, nowMs)}
                  </time>
                  {e.editedAt && e.editedAt > e.at ? <span title={shortDate(e.editedAt)}> · edited {relativeTime(e.editedAt, nowMs)}</span> : null}
                </span>
              </div>
              <div className="cl-entry__text">{e.text}</div>
            </li>
          ))}
          {timeline.length === 0 && <li className="cl-muted">Nothing recorded yet.</li>}
        </ol>
      )}
    </div>
  );
}

/** Shown when the browser would not open the panel from the card (Firefox opens its sidebar only from its own UI). */
export const SIDE_PANEL_HOW = "The side panel did not open from here: click Caselint's toolbar button (in Firefox also View → Sidebar → Caselint).";

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function NoteForm(props: {
  cases: CustomerHistory['cases'];
  defaultCaseId: string | null;
  onSave(text: string, caseId: string | null): Promise<boolean>;
  onCancel(): void;
}) {
  const [text, setText] = useState('');
  // The agent's own pick, if any; until then the open case, which may arrive after the form opened (history loading).
  const [picked, setCaseId] = useState<string | null>(null);
  const caseId = picked ?? props.defaultCaseId ?? '';
  const id = useId();
  return (
    <form
      className="cl-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        void props.onSave(text.trim(), caseId || null);
      }}
    >
      <label htmlFor={`${id}-t`}>Note</label>
      <textarea id={`${id}-t`} value={text} autoFocus rows={3} onChange={(e) => setText(e.target.value)} />
      {props.cases.length > 0 && (
        <>
          <label htmlFor={`${id}-c`}>Case</label>
          <select id={`${id}-c`} value={caseId} onChange={(e) => setCaseId(e.target.value)}>
            <option value="">No case</option>
            {props.cases.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title} ({c.status})
              </option>
            ))}
          </select>
        </>
      )}
      <FormActions label="Save note" disabled={!text.trim()} onCancel={props.onCancel} />
    </form>
  );
}

type AttachTarget = { kind: 'none' } | { kind: 'existing'; caseId: string } | { kind: 'new'; title: string };

function AttachForm(props: {
  cases: CustomerHistory['cases'];
  defaultCaseId: string | null;
  onSave(target: AttachTarget): Promise<boolean>;
  onCancel(): void;
}) {
  // The agent's own pick, if any; until then the default, which follows the history as it loads.
  const [picked, setChoice] = useState<string | null>(null);
  const choice = picked ?? props.defaultCaseId ?? (props.cases.length ? '' : '__new');
  const [title, setTitle] = useState('');
  const id = useId();
  const valid = choice !== '__new' || title.trim().length > 0;
  return (
    <form
      className="cl-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        void props.onSave(
          choice === '__new' ? { kind: 'new', title: title.trim() } : choice ? { kind: 'existing', caseId: choice } : { kind: 'none' },
        );
      }}
    >
      <label htmlFor={`${id}-c`}>Attach to case</label>
      <select id={`${id}-c`} value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">No case (customer only)</option>
        {props.cases.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title} ({c.status})
          </option>
        ))}
        <option value="__new">New case…</option>
      </select>
      {choice === '__new' && (
        <>
          <label htmlFor={`${id}-t`}>New case title</label>
          <input id={`${id}-t`} value={title} autoFocus onChange={(e) => setTitle(e.target.value)} />
        </>
      )}
      <FormActions label="Attach tweet" disabled={!valid} onCancel={props.onCancel} />
    </form>
  );
}

function DetailForm(props: { initial: string; onSave(kind: DetailKind, value: string): Promise<boolean>; onCancel(): void }) {
  const [value, setValue] = useState(props.initial.trim());
  const [kind, setKind] = useState<DetailKind>(guessDetailKind(props.initial));
  const id = useId();
  return (
    <form
      className="cl-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!value.trim()) return;
        void props.onSave(kind, value.trim());
      }}
    >
      {!props.initial.trim() && <p className="cl-muted">Select text in the tweet first, or type the detail.</p>}
      <label htmlFor={`${id}-k`}>Kind</label>
      <select id={`${id}-k`} value={kind} onChange={(e) => setKind(e.target.value as DetailKind)}>
        {DETAIL_KINDS.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-v`}>Value</label>
      <input id={`${id}-v`} value={value} autoFocus onChange={(e) => setValue(e.target.value)} />
      <FormActions label="Save detail" disabled={!value.trim()} onCancel={props.onCancel} />
    </form>
  );
}

function PromiseForm(props: { onSave(text: string, due: number | null): Promise<boolean>; onCancel(): void }) {
  const [text, setText] = useState('');
  const [due, setDue] = useState('');
  const [bad, setBad] = useState<string | null>(null);
  const id = useId();
  return (
    <form
      className="cl-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        let dueMs: number | null = null;
        if (due) {
          dueMs = new Date(due).getTime();
          if (Number.isNaN(dueMs)) {
            setBad(`Due date "${due}" is not a date and time.`);
            return;
          }
        }
        setBad(null);
        void props.onSave(text.trim(), dueMs);
      }}
    >
      <label htmlFor={`${id}-t`}>Promise</label>
      <input id={`${id}-t`} value={text} autoFocus onChange={(e) => setText(e.target.value)} />
      <label htmlFor={`${id}-d`}>Due</label>
      <input id={`${id}-d`} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
      {bad && (
        <p role="alert" className="cl-error">
          {bad}
        </p>
      )}
      <FormActions label="Save promise" disabled={!text.trim()} onCancel={props.onCancel} />
    </form>
  );
}

/** Submit and Cancel, the same row at the end of every form in the card. */
function FormActions(props: { label: string; disabled: boolean; onCancel: () => void }) {
  return (
    <div className="cl-form__row">
      <button type="submit" disabled={props.disabled}>
        {props.label}
      </button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** The controls Tab stops at inside `root`, in order (enabled, not hidden, no negative tabindex). */
function tabbable(root: HTMLElement): HTMLElement[] {
  const all = root.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]');
  return [...all].filter((el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && !el.closest('[hidden]'));
}
