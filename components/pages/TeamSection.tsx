/**
 * Team: join the team's sync server with the invite code a team lead sent, see the connection's state, leave.
 * Without a team Caselint works alone in this browser, as it always did.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { JoinPreview, TeamStatus } from '../../lib/sync/session';
import type { SyncStatus } from '../../lib/sync/transport';
import { formatDate, plural } from '../shared/format';
import { errorMessage, useCasesVersion, useServices } from './services';

export interface TeamService {
  status(): Promise<TeamStatus>;
  preview(): Promise<JoinPreview>;
  join(input: { server: string; code: string; handle?: string }): Promise<{ team: { teamName: string }; uploaded: number }>;
  leave(): Promise<void>;
  /** Calls `cb` on every change of the sign-in or connection, and keeps the connection open, until `signal` aborts. */
  watch(cb: (status: TeamStatus) => void, signal: AbortSignal): void;
}

/** One line for the connection's state, as an agent reads it. */
export function describeSync(sync: SyncStatus): string {
  const waiting = sync.pending > 0 ? ` · ${plural(sync.pending, 'customer')} with changes not yet on the server` : '';
  switch (sync.state) {
    case 'connected':
      return sync.pending > 0 ? `Connected · syncing ${plural(sync.pending, 'customer')}` : 'Connected · everything is synced';
    case 'connecting':
      return `Connecting to the team server…${waiting}`;
    case 'offline':
      return `Offline since ${formatDate(sync.since)}: changes are kept here and sent when the server answers${waiting}`;
    case 'refused':
      return 'The team server refused this sign-in. Ask your team lead for a new invite, then leave the team and join again.';
    case 'stopped':
    default:
      return `Not connected: the connection opens while an x.com tab or this page is open${waiting}`;
  }
}

/** Open cases of one owner (or nobody), overdue promises first, each linking to its customer. */
function CaseQueue({ title, assignee, empty }: { title: string; assignee: string | null; empty: string }) {
  const { api } = useServices();
  const version = useCasesVersion();
  const id = useId();
  const [rows, setRows] = useState<Awaited<ReturnType<typeof api.openCases>> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.openCases({ assignee, limit: 50 }).then(
      (r) => live && (setRows(r), setError(null)),
      (e: unknown) => live && setError(`Could not list the cases: ${errorMessage(e)}`),
    );
    return () => {
      live = false;
    };
  }, [api, assignee, version]);
  return (
    <section aria-labelledby={`${id}-h`} className="stack">
      <h3 id={`${id}-h`}>
        {title}
        {rows ? <span className="muted small"> ({rows.length === 50 ? '50+' : rows.length})</span> : null}
      </h3>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : !rows ? (
        <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="plain">
          {rows.map(({ case: c, summary }) => (
            <li key={c.id}>
              <a href={`#/customers/${encodeURIComponent(summary.handle)}`}>@{summary.handle}</a> · {c.title}
              {summary.overduePromises > 0 ? <span className="badge status-open"> {plural(summary.overduePromises, 'overdue promise')}</span> : null}
              {summary.nextDue && summary.overduePromises === 0 ? <span className="muted small"> · next promise due {formatDate(summary.nextDue)}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function TeamSection() {
  const { team } = useServices();
  const id = useId();
  const [status, setStatus] = useState<TeamStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (!team) return;
    const ac = new AbortController();
    team.status().then(
      (s) => !ac.signal.aborted && setStatus(s),
      (e: unknown) => !ac.signal.aborted && setLoadError(`Could not read the team sign-in: ${errorMessage(e)}`),
    );
    team.watch((s) => setStatus(s), ac.signal);
    return () => ac.abort();
  }, [team]);

  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Team</h2>
      {!team ? (
        <p className="muted">Team sync is not available here.</p>
      ) : loadError ? (
        <p role="alert" className="error">
          {loadError}
        </p>
      ) : !status ? (
        <p aria-live="polite">Loading…</p>
      ) : status.joined ? (
        <Joined status={status} team={team} />
      ) : (
        <JoinForm team={team} onJoined={(s) => setStatus(s)} />
      )}
    </section>
  );
}

function JoinForm({ team, onJoined }: { team: TeamService; onJoined(s: TeamStatus): void }) {
  const id = useId();
  const [server, setServer] = useState('');
  const [code, setCode] = useState('');
  const [handle, setHandle] = useState('');
  const [preview, setPreview] = useState<JoinPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const ask = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!server.trim()) return setError('Enter the team server’s address (your team lead has it).');
    if (!code.trim()) return setError('Enter the invite code your team lead sent you.');
    try {
      setPreview(await team.preview());
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      await team.join({ server: server.trim(), code: code.trim(), handle: handle.trim() || undefined });
      setPreview(null);
      onJoined(await team.status());
    } catch (err) {
      setPreview(null);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <p className="muted">
        Caselint keeps case history in this browser only. Join your team’s server and every agent of the team sees the
        same customers, notes, details, replies and promises, live. Your team lead gives you the server’s address and
        an invite code.
      </p>
      <form className="stack team-form" onSubmit={(e) => void ask(e)} noValidate aria-describedby={error ? `${id}-err` : undefined}>
        <label htmlFor={`${id}-server`}>Team server address</label>
        <input id={`${id}-server`} type="url" inputMode="url" autoComplete="url" placeholder="https://care.example.com" value={server} onChange={(e) => setServer(e.target.value)} />
        <label htmlFor={`${id}-code`}>Invite code</label>
        <input id={`${id}-code`} autoComplete="off" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} />
        <label htmlFor={`${id}-handle`}>
          Your X handle <span className="muted small">(optional: the one your team lead invited is used otherwise)</span>
        </label>
        <input id={`${id}-handle`} autoComplete="off" spellCheck={false} placeholder="@agent_name" value={handle} onChange={(e) => setHandle(e.target.value)} />
        <div>
          <button type="submit" disabled={busy || preview !== null}>
            Join team…
          </button>
        </div>
      </form>
      {preview ? (
        <div role="alertdialog" aria-labelledby={`${id}-confirm`} className="confirm neutral stack team-form">
          <p id={`${id}-confirm`}>
            {preview.customers === 0
              ? 'This browser has no case history yet: nothing will be shared. You will receive the team’s history.'
              : `Joining shares this browser’s history with the team: ${plural(preview.customers, 'customer')}, ${plural(preview.notes, 'note')}, ${plural(preview.promises, 'promise')}. Every agent of the team will see them.`}
          </p>
          <div className="row">
            <button type="button" className="primary" onClick={() => void join()} disabled={busy}>
              {busy ? 'Joining…' : preview.customers === 0 ? 'Join team' : 'Join and share'}
            </button>
            <button type="button" onClick={() => setPreview(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-err`} role="alert" className="error">
          Not joined: {error}
        </p>
      ) : null}
    </div>
  );
}

function Joined({ status, team }: { status: Extract<TeamStatus, { joined: true }>; team: TeamService }) {
  const id = useId();
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { team: info, sync } = status;
  const who = info.agent.handle ? `@${info.agent.handle}` : info.agent.email;

  const leave = async () => {
    setBusy(true);
    setError(null);
    try {
      await team.leave();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  };

  return (
    <div className="stack">
      <dl className="facts">
        <dt>Team</dt>
        <dd>{info.teamName}</dd>
        <dt>You</dt>
        <dd>
          {who} <span className="badge">{info.agent.role}</span> <span className="muted small">{info.agent.handle ? info.agent.email : ''}</span>
        </dd>
        <dt>Server</dt>
        <dd>
          <code>{info.server}</code>
        </dd>
        <dt>Sync</dt>
        <dd role="status" className={`sync sync--${sync.state}`}>
          {describeSync(sync)}
        </dd>
        {sync.lastPullAt ? (
          <>
            <dt>Last update from the team</dt>
            <dd>{formatDate(sync.lastPullAt)}</dd>
          </>
        ) : null}
        {sync.lastError && sync.state !== 'refused' ? (
          <>
            <dt>Last error</dt>
            <dd className="error">{sync.lastError}</dd>
          </>
        ) : null}
      </dl>
      {status.readOnly ? (
        <p className="muted">You are a viewer: you see the team’s case history but cannot change it.</p>
      ) : null}
      {info.agent.handle ? <CaseQueue title="My open cases" assignee={info.agent.handle} empty="No open case is assigned to you." /> : null}
      <CaseQueue title="Unassigned" assignee={null} empty="Every open case has an owner." />
      {confirm ? (
        <div role="alertdialog" aria-labelledby={`${id}-leave`} className="confirm stack">
          <p id={`${id}-leave`}>
            Leave {info.teamName}? The customers stay in this browser as a local copy. You stop receiving the team’s
            changes, and yours stop reaching the team.
          </p>
          <div className="row">
            <button type="button" onClick={() => void leave()} disabled={busy}>
              {busy ? 'Leaving…' : 'Leave team'}
            </button>
            <button type="button" onClick={() => setConfirm(false)} disabled={busy}>
              Stay
            </button>
          </div>
        </div>
      ) : (
        <div>
          <button type="button" onClick={() => setConfirm(true)}>
            Leave team…
          </button>
        </div>
      )}
      {error ? (
        <p role="alert" className="error">
          Could not leave the team: {error}
        </p>
      ) : null}
    </div>
  );
}
