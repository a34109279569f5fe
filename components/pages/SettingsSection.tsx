/** Settings: the team's own handles (validated one by one) and the on/off switches. */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { settingsSchema, teamHandleEntries, type Settings } from '../../lib/settings';
import { browserManagedPolicy, useManagedPolicy } from './managedPolicy';
import { errorMessage, useServices, useSettings } from './services';

export interface HandleError {
  /** 1-based line in the text box. */
  line: number;
  value: string;
  message: string;
}

/** Validate the text box (one handle per line, commas and spaces also separate): handles or per-handle errors. */
export function parseTeamHandles(text: string): { handles: string[]; errors: HandleError[] } {
  const handles: string[] = [];
  const errors: HandleError[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((rawLine, i) => {
    for (const value of rawLine.split(/[,\s]+/).filter(Boolean)) {
      const parsed = settingsSchema.shape.teamHandles.safeParse([value]);
      if (!parsed.success) {
        errors.push({ line: i + 1, value, message: parsed.error.issues[0]?.message ?? 'not a valid X handle' });
        continue;
      }
      const h = parsed.data[0]!;
      if (seen.has(h.toLowerCase())) continue;
      seen.add(h.toLowerCase());
      handles.push(h);
    }
  });
  return { handles, errors };
}

type Toggle = 'lintEnabled' | 'annotateEnabled' | 'confirmOnError' | 'confirmOnTeamActivity' | 'notifyOverdue';
const TOGGLES: Array<{ key: Toggle; label: string; hint: string }> = [
  { key: 'lintEnabled', label: 'Lint reply drafts', hint: 'Check replies as you type in X’s composer.' },
  { key: 'annotateEnabled', label: 'Show case chips on tweets', hint: 'Annotate tweets with the author’s case history.' },
  {
    key: 'confirmOnError',
    label: 'Confirm before posting with errors',
    hint: 'Ask before a reply with error-level findings is posted.',
  },
  {
    key: 'confirmOnTeamActivity',
    label: 'Check the team before posting',
    hint: 'In a team: ask before posting when another agent replied to the customer, added a note or is replying since you opened the conversation.',
  },
  { key: 'notifyOverdue', label: 'Notify about overdue promises', hint: 'A browser notification when a promise is past due.' },
];

export function SettingsSection() {
  const { settings: service, managed: managedService } = useServices();
  const settings = useSettings();
  const policyService = useMemo(() => managedService ?? browserManagedPolicy(), [managedService]);
  const policy = useManagedPolicy(policyService);
  const [text, setText] = useState<string | null>(null);
  const [errors, setErrors] = useState<HandleError[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    if (settings && text === null) setText(settings.teamHandles.map((h) => '@' + h).join('\n'));
  }, [settings, text]);

  if (!settings) return <p aria-live="polite">Loading settings…</p>;

  const entries = teamHandleEntries(settings, policy);
  const managedHandles = entries.filter((e) => e.source === 'managed').map((e) => e.handle);

  const save = async (patch: Partial<Settings>, message: string) => {
    setSaveError(null);
    try {
      await service.set(patch);
      setStatus(message);
    } catch (err) {
      setSaveError(`Could not save settings: ${errorMessage(err)}`);
    }
  };

  const saveHandles = (e: FormEvent) => {
    e.preventDefault();
    const { handles, errors } = parseTeamHandles(text ?? '');
    setErrors(errors);
    if (errors.length > 0) {
      setStatus(null);
      return;
    }
    setText(handles.map((h) => '@' + h).join('\n'));
    void save({ teamHandles: handles }, `Saved ${handles.length} team ${handles.length === 1 ? 'handle' : 'handles'}.`);
  };

  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Settings</h2>
      <form onSubmit={saveHandles} className="stack" noValidate>
        <label htmlFor={`${id}-handles`}>Team handles</label>
        <p id={`${id}-hint`} className="muted small">
          The brand account and every agent’s handle, one per line. Caselint uses them to tell your replies from the
          customer’s.
          {managedHandles.length > 0 ? ' Handles set by your organisation are always included.' : ''}
        </p>
        {managedHandles.length > 0 ? (
          <ul className="plain managed-handles" aria-label="Team handles set by your organisation">
            {managedHandles.map((h) => (
              <li key={h}>
                <span className="handle">@{h}</span> <span className="badge">set by your organisation</span>
              </li>
            ))}
          </ul>
        ) : null}
        <textarea
          id={`${id}-handles`}
          rows={5}
          value={text ?? ''}
          placeholder={'@YourBrand\n@YourBrandHelp\n@agent_name'}
          aria-describedby={`${id}-hint${errors.length ? ` ${id}-errors` : ''}`}
          aria-invalid={errors.length > 0}
          onChange={(e) => setText(e.target.value)}
        />
        {errors.length > 0 ? (
          <div id={`${id}-errors`} role="alert" className="error">
            <p>Not saved: fix {errors.length === 1 ? 'this handle' : `these ${errors.length} handles`} first.</p>
            <ul>
              {errors.map((err, i) => (
                <li key={i}>
                  Line {err.line}: “{err.value}”: {err.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div>
          <button type="submit">Save team handles</button>
        </div>
        {managedHandles.length > 0 ? (
          <p className="small muted">
            In use: {entries.map((e) => '@' + e.handle).join(', ')} ({entries.length} {entries.length === 1 ? 'handle' : 'handles'}).
          </p>
        ) : null}
      </form>

      <fieldset className="stack">
        <legend>Features</legend>
        {TOGGLES.map((t) => (
          <div key={t.key} className="toggle">
            <label className="check">
              <input
                type="checkbox"
                checked={settings[t.key]}
                aria-describedby={`${id}-${t.key}`}
                onChange={(e) =>
                  void save({ [t.key]: e.target.checked }, `${t.label}: ${e.target.checked ? 'on' : 'off'}.`)
                }
              />
              {t.label}
            </label>
            <span id={`${id}-${t.key}`} className="muted small">
              {t.hint}
            </span>
          </div>
        ))}
      </fieldset>
      <p aria-live="polite" className="status">
        {status}
      </p>
      {saveError ? (
        <p role="alert" className="error">
          {saveError}
        </p>
      ) : null}
    </section>
  );
}
