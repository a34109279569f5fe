/**
 * Packs: import from a file (drop or file input) or an https URL, subscribe to a URL (version, pin, last error),
 * reorder (precedence), enable/disable, export, remove, edit in PackEditor. A pack is installed only when it
 * loads and its own examples pass (lib/packs `makeInstalledPack`); otherwise the error says why and nothing changes.
 */
import { useId, useState, type DragEvent } from 'react';
import { PackEditor } from '../packs/PackEditor';
import {
  checkHttpsUrl,
  fetchPackFromUrl,
  makeInstalledPack,
  refreshSubscription,
  type InstalledPack,
  type PackOrigin,
} from '../../lib/packs/subscriptions';
import { errorMessage } from './services';
import { useInstalledPacks, useManagedFailures, type PacksService } from './packsService';
import { formatDate } from '../shared/format';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

const ORIGIN_LABEL: Record<PackOrigin, string> = {
  file: 'imported from a file',
  url: 'imported from a URL',
  subscription: 'subscription',
  managed: 'managed by your organisation',
};

/** Add or replace (same name keeps its place in the list). */
function upsert(packs: InstalledPack[], pack: InstalledPack): { packs: InstalledPack[]; replaced: InstalledPack | undefined } {
  const i = packs.findIndex((p) => p.id === pack.id);
  if (i < 0) return { packs: [...packs, pack], replaced: undefined };
  const replaced = packs[i]!;
  const next = [...packs];
  // Keep the agent's choices for this pack.
  next[i] = { ...pack, enabled: replaced.enabled, pinned: pack.origin === 'subscription' ? replaced.pinned : false };
  return { packs: next, replaced };
}

/**
 * Ask for access to the pack URL's site. Returns null when granted, else the sentence to show. Must be the first
 * thing awaited in a click/submit handler (the browser only asks during a user gesture).
 */
async function askAccess(service: PacksService, target: string): Promise<string | null> {
  const site = new URL(target).origin;
  let granted: boolean;
  try {
    granted = await service.requestAccess(target);
  } catch (err) {
    return `Not fetched: Caselint could not ask the browser for access to ${site} (${errorMessage(err)}). Download the pack file and use “Import pack” instead.`;
  }
  if (granted) return null;
  return (
    `Not fetched: access to ${site} was refused. Caselint needs it to download packs from that site (it reads ` +
    `nothing else there). Click again and choose “Allow”, or download the pack file and use “Import pack” instead.`
  );
}

function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text);
}

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function PacksSection({ packs: service }: { packs: PacksService }) {
  const state = useInstalledPacks(service);
  const managedFailures = useManagedFailures(service);
  const [notice, setNotice] = useState<Notice>(null);
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const id = useId();

  if (!state) return <p aria-live="polite">Loading packs…</p>;
  const packs = state.packs;

  const save = async (next: InstalledPack[], ok: string) => {
    try {
      await service.saveAll(next);
      setNotice({ kind: 'ok', text: ok });
    } catch (err) {
      setNotice({ kind: 'error', text: `Could not save packs: ${errorMessage(err)}` });
    }
  };

  /** One pack into a list of installed packs (pure): the new list, or why it was not installed. */
  const installInto = (
    current: InstalledPack[],
    text: string,
    where: string,
    init: Parameters<typeof makeInstalledPack>[1],
  ): { next: InstalledPack[]; ok: string } | { error: string } => {
    const made = makeInstalledPack(text, { ...init, now: Date.now() });
    if (!made.ok) return { error: `${where}: not installed, ${made.error}` };
    const existing = current.find((p) => p.id === made.pack.id);
    if (existing?.origin === 'managed') return { error: `${where}: not installed, pack “${made.pack.id}” is managed by your organisation.` };
    const { packs: next, replaced } = upsert(current, made.pack);
    return {
      next,
      ok: replaced ? `Updated pack “${made.pack.id}” from ${replaced.version} to ${made.pack.version}.` : `Installed pack “${made.pack.id}” ${made.pack.version}.`,
    };
  };

  const install = async (text: string, where: string, init: Parameters<typeof makeInstalledPack>[1]) => {
    const r = installInto(packs, text, where, init);
    if ('error' in r) setNotice({ kind: 'error', text: r.error });
    else await save(r.next, r.ok);
  };

  /** Several files at once: each is installed into the list the previous one produced, then saved once. */
  const importFiles = async (files: FileList | File[] | null | undefined) => {
    const list = files ? [...files] : [];
    if (list.length === 0) return;
    setBusy(true);
    try {
      let current = packs;
      const done: string[] = [];
      const failed: string[] = [];
      for (const f of list) {
        let text: string;
        try {
          text = await f.text();
        } catch (err) {
          failed.push(`${f.name}: could not read the file (${errorMessage(err)})`);
          continue;
        }
        const r = installInto(current, text, f.name, { origin: 'file' });
        if ('error' in r) failed.push(r.error);
        else {
          current = r.next;
          done.push(r.ok);
        }
      }
      if (done.length) {
        try {
          await service.saveAll(current);
        } catch (err) {
          setNotice({ kind: 'error', text: `Could not save packs: ${errorMessage(err)}` });
          return;
        }
      }
      setNotice({ kind: failed.length ? 'error' : 'ok', text: [...failed, ...done].join(' ') });
    } finally {
      setBusy(false);
    }
  };

  /** A policy pack URL the background could not read: ask for its site; the background refetches once it is granted. */
  const allowSite = async (target: string) => {
    const refused = await askAccess(service, target);
    setNotice(
      refused
        ? { kind: 'error', text: refused }
        : { kind: 'ok', text: `Access to ${new URL(target).origin} allowed: Caselint fetches your organisation’s pack now.` },
    );
  };

  const fromUrl = async (origin: 'url' | 'subscription') => {
    const target = url.trim();
    const bad = checkHttpsUrl(target);
    if (bad) {
      setNotice({ kind: 'error', text: `Not fetched: ${bad}.` });
      return;
    }
    setBusy(true);
    try {
      const refused = await askAccess(service, target);
      if (refused) {
        setNotice({ kind: 'error', text: refused });
        return;
      }
      const got = await fetchPackFromUrl(target, service.fetch);
      await install(got.text, target, { origin, url: target, etag: got.etag, lastModified: got.lastModified });
      setUrl('');
    } catch (err) {
      setNotice({ kind: 'error', text: `Not installed: ${errorMessage(err)}` });
    } finally {
      setBusy(false);
    }
  };

  const update = (pid: string, patch: Partial<InstalledPack>, ok: string) =>
    void save(
      packs.map((p) => (p.id === pid ? { ...p, ...patch } : p)),
      ok,
    );

  const move = (index: number, by: -1 | 1) => {
    const j = index + by;
    if (j < 0 || j >= packs.length) return;
    const next = [...packs];
    [next[index], next[j]] = [next[j]!, next[index]!];
    void save(next, `Moved “${packs[index]!.id}” ${by < 0 ? 'up' : 'down'}: it now ${by < 0 ? 'wins over' : 'yields to'} “${packs[j]!.id}”.`);
  };

  const checkNow = async (p: InstalledPack) => {
    setBusy(true);
    try {
      const refused = p.url && !checkHttpsUrl(p.url) ? await askAccess(service, p.url) : null;
      if (refused) {
        setNotice({ kind: 'error', text: refused });
        return;
      }
      const refreshed = await refreshSubscription(p, service.fetch, Date.now());
      await save(
        packs.map((x) => (x.id === p.id ? refreshed : x)),
        refreshed.lastError
          ? `Checked “${p.id}”: ${refreshed.lastError}`
          : refreshed.version !== p.version
            ? `Updated “${p.id}” to ${refreshed.version}.`
            : `“${p.id}” is up to date (${p.version}).`,
      );
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void importFiles(e.dataTransfer?.files);
  };

  const editingPack = editing ? packs.find((p) => p.id === editing) : undefined;

  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Packs</h2>
      <p className="muted small">
        Rule packs add rules and configure built-in ones. The list order is the precedence: a pack higher in the list
        wins over the ones below it; your own settings on the Rules page win over all packs. <a href="#/packs/reference">Pack format reference</a>.
      </p>

      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>Drop pack files here, or</p>
        <label htmlFor={`${id}-file`}>Import pack (YAML or JSON)</label>{' '}
        <input
          id={`${id}-file`}
          type="file"
          multiple
          accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
          disabled={busy}
          onChange={(e) => {
            void importFiles(e.target.files ? [...e.target.files] : []);
            e.target.value = '';
          }}
        />
      </div>

      <form
        className="add"
        onSubmit={(e) => {
          e.preventDefault();
          void fromUrl('subscription');
        }}
      >
        <span className="field grow">
          <label htmlFor={`${id}-url`}>Pack URL (https only)</label>
          <input
            id={`${id}-url`}
            type="url"
            inputMode="url"
            value={url}
            placeholder="https://example.com/care-pack.yaml"
            onChange={(e) => setUrl(e.target.value)}
          />
        </span>
        <button type="button" disabled={busy || !url.trim()} onClick={() => void fromUrl('url')}>
          Import once
        </button>
        <button type="submit" disabled={busy || !url.trim()}>
          Subscribe
        </button>
      </form>

      {notice ? (
        <p role={notice.kind === 'error' ? 'alert' : 'status'} className={notice.kind === 'error' ? 'error' : 'ok'}>
          {notice.text}
        </p>
      ) : null}
      {state.error ? (
        <p role="alert" className="error">
          Could not read installed packs: {state.error}
        </p>
      ) : null}
      {state.broken > 0 ? (
        <p className="error">
          {state.broken} stored pack {state.broken === 1 ? 'record is' : 'records are'} unreadable and ignored (kept in
          storage, not deleted).
        </p>
      ) : null}

      {managedFailures.length > 0 && (
        <section aria-label="Packs from your organisation that are not installed">
          <h3>Packs from your organisation, not installed</h3>
          <ul className="plain">
            {managedFailures.map((f) => {
              const site = new URL(f.url).origin;
              return (
                <li key={f.url}>
                  <p className="error small">
                    {f.url} could not be fetched: {f.error}
                  </p>
                  {f.hasAccess ? null : (
                    <>
                      <p className="small muted">
                        Its server does not let other sites read it (no CORS headers). With access to {site}, Caselint
                        reads the pack directly (nothing else there).
                      </p>
                      <button type="button" disabled={busy} onClick={() => void allowSite(f.url)}>
                        Allow access to {site}
                      </button>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <h3>Installed packs</h3>
      {packs.length === 0 ? (
        <div className="empty">
          <p className="muted">No packs installed. Built-in rules are used as they are.</p>
          <p className="muted small">
            To add your team’s rules, import a pack file above, or paste the pack’s https URL and choose Subscribe to
            get its updates. Your team lead writes packs; the <a href="#/packs/reference">pack format reference</a>{' '}
            (docs/packs.md) shows how.
          </p>
        </div>
      ) : (
        <ol className="plain packs" aria-label="Installed packs, highest precedence first">
          {packs.map((p, i) => {
            const managed = p.origin === 'managed';
            return (
              <li key={p.id} aria-label={`Pack ${p.id}`}>
                <div className="row">
                  <strong>{p.id}</strong>
                  <span className="badge version">v{p.version}</span>
                  <span className="small muted">
                    #{i + 1} · {ORIGIN_LABEL[p.origin]}
                    {p.url ? ` · ${p.url}` : ''}
                    {p.lastCheckedAt ? ` · checked ${formatDate(p.lastCheckedAt)}` : ''}
                  </span>
                </div>
                {p.lastError ? (
                  <p className="error small">Last update refused: {p.lastError}</p>
                ) : null}
                <div className="row">
                  <label className="check">
                    <input
                      type="checkbox"
                      aria-label={`Enabled ${p.id}`}
                      checked={p.enabled}
                      onChange={(e) =>
                        update(p.id, { enabled: e.target.checked }, `${p.enabled ? 'Disabled' : 'Enabled'} “${p.id}”.`)
                      }
                    />
                    Enabled
                  </label>
                  {p.origin === 'subscription' ? (
                    <>
                      <label className="check">
                        <input
                          type="checkbox"
                          aria-label={`Pin version ${p.version} of ${p.id}`}
                          checked={p.pinned}
                          onChange={(e) =>
                            update(
                              p.id,
                              { pinned: e.target.checked },
                              e.target.checked ? `Pinned “${p.id}” at ${p.version}.` : `“${p.id}” follows updates again.`,
                            )
                          }
                        />
                        Pin version {p.version}
                      </label>
                      <button
                        type="button"
                        aria-label={`Check for update of ${p.id}`}
                        disabled={busy || p.pinned}
                        onClick={() => void checkNow(p)}
                      >
                        Check for update
                      </button>
                    </>
                  ) : null}
                  <button type="button" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move ${p.id} up`}>
                    ↑ Up
                  </button>
                  <button
                    type="button"
                    disabled={i === packs.length - 1}
                    onClick={() => move(i, 1)}
                    aria-label={`Move ${p.id} down`}
                  >
                    ↓ Down
                  </button>
                  <button
                    type="button"
                    aria-label={`Export ${p.id}`}
                    onClick={() =>
                      looksLikeJson(p.text)
                        ? download(`${p.id}.json`, p.text, 'application/json')
                        : download(`${p.id}.yaml`, p.text, 'application/yaml')
                    }
                  >
                    Export
                  </button>
                  {!managed ? (
                    <button
                      type="button"
                      aria-label={`${editing === p.id ? 'Close editor of' : 'Edit'} ${p.id}`}
                      onClick={() => setEditing(editing === p.id ? null : p.id)}
                    >
                      {editing === p.id ? 'Close editor' : 'Edit'}
                    </button>
                  ) : null}
                  {!managed ? (
                    confirmRemove === p.id ? (
                      <span role="group" aria-label={`Confirm removing ${p.id}`}>
                        <button
                          type="button"
                          className="danger"
                          onClick={() => {
                            setConfirmRemove(null);
                            if (editing === p.id) setEditing(null);
                            void save(
                              packs.filter((x) => x.id !== p.id),
                              `Removed “${p.id}”.`,
                            );
                          }}
                        >
                          Yes, remove {p.id}
                        </button>{' '}
                        <button type="button" onClick={() => setConfirmRemove(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Remove ${p.id}`}
                        onClick={() => setConfirmRemove(p.id)}
                      >
                        Remove
                      </button>
                    )
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
      )}

      {editingPack ? (
        <section aria-label={`Edit pack ${editingPack.id}`} className="card">
          <h3>Edit {editingPack.id}</h3>
          {editingPack.origin === 'subscription' && !editingPack.pinned ? (
            <p className="muted small">
              Saving a subscribed pack turns it into a local copy, so the next update does not overwrite your edits.
            </p>
          ) : null}
          <PackEditor
            key={editingPack.id + editingPack.version}
            initialText={editingPack.text}
            onSave={(text, pack) => {
              const made = makeInstalledPack(text, { origin: 'file', now: Date.now() });
              if (!made.ok) {
                setNotice({ kind: 'error', text: `Not saved: ${made.error}` });
                return;
              }
              const next = packs.map((x) => (x.id === editingPack.id ? { ...made.pack, enabled: x.enabled } : x));
              if (pack.name !== editingPack.id && packs.some((x) => x.id === pack.name)) {
                setNotice({ kind: 'error', text: `Not saved: another installed pack is already named “${pack.name}”.` });
                return;
              }
              setEditing(made.pack.id);
              void save(next, `Saved “${made.pack.id}” ${made.pack.version}.`);
            }}
          />
        </section>
      ) : null}
    </section>
  );
}
