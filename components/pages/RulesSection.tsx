/**
 * Rules: every rule (built-in and from enabled packs) with its description and docs, on/off, severity, and who
 * decided its current setting (the agent's settings > packs in list order > the rule's default).
 * Docs are untrusted text (packs): rendered as React text, never as HTML.
 */
import { Fragment, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import type { SlowRuleEntry } from '../../lib/packs/slow-rules';
import { createLinter, PACK_BUDGET_MS, type RuleInfo } from '../../lib/lint/engine';
import type { RuleSetting, Severity } from '../../lib/lint/types';
import { loadPack, resolveConfig, USER_SOURCE, type ResolvablePack, type RuleDecision } from '../../lib/packs';
import type { InstalledPack } from '../../lib/packs/subscriptions';
import type { Settings } from '../../lib/settings';
import type { SettingsPatch } from '../../lib/messaging/settings';
import { errorMessage, useServices, useSettings } from './services';
import { useInstalledPacks, type PacksService } from './packsService';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export interface RuleRow {
  info: RuleInfo;
  decision: RuleDecision | undefined;
  user: RuleSetting | undefined;
}

export function resolveRules(installed: InstalledPack[], settings: Settings): { rows: RuleRow[]; problems: string[] } {
  const problems: string[] = [];
  const resolvable: ResolvablePack[] = [];
  for (const p of installed) {
    if (!p.enabled) continue;
    const loaded = loadPack(p.text, { filename: p.id });
    if (loaded.ok) resolvable.push({ pack: loaded.pack, compiled: loaded.compiled, enabled: true });
    else problems.push(`pack "${p.id}" is broken and is skipped: ${loaded.errors[0]?.message ?? 'it does not load'}`);
  }
  const base = createLinter();
  const resolved = resolveConfig(resolvable, settings.rules, { knownRuleIds: base.rules().map((r) => r.meta.id) });
  problems.push(...resolved.problems);
  const linter = createLinter({ extraRules: resolved.extraRules, settings: resolved.settings });
  const rows = linter.rules().map((info) => ({
    info,
    decision: resolved.decisions[info.meta.id],
    user: settings.rules[info.meta.id],
  }));
  return { rows, problems };
}

function sourceLabel(source: string): string {
  if (source === USER_SOURCE) return 'your settings';
  if (source === 'builtin') return 'the built-in default';
  return `pack “${source}”`;
}

/** `code` spans as <code> (React text; nothing is parsed as HTML). */
function inline(text: string): ReactNode {
  const parts = text.split(/`([^`]+)`/);
  if (parts.length === 1) return text;
  return parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

/** Markdown-ish docs as plain text blocks: paragraphs, "- " lists, "#" headings, ``` code, "|" tables. No HTML. */
export function RuleDocs({ text }: { text: string }) {
  const blocks = useMemo(() => {
    const out: Array<{ kind: 'p' | 'ul' | 'h' | 'code' | 'table'; lines: string[] }> = [];
    let code: string[] | null = null;
    for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
      if (raw.trim().startsWith('```')) {
        if (code) {
          out.push({ kind: 'code', lines: code });
          code = null;
        } else code = [];
        continue;
      }
      if (code) {
        code.push(raw);
        continue;
      }
      const line = raw.trim();
      const last = out[out.length - 1];
      if (!line) {
        out.push({ kind: 'p', lines: [] });
      } else if (/^#{1,6}\s/.test(line)) {
        out.push({ kind: 'h', lines: [line.replace(/^#+\s*/, '')] });
      } else if (line.startsWith('|')) {
        // Separator rows ("|---|:--|") carry no text.
        if (/^\|[\s:|-]+\|?$/.test(line)) continue;
        if (last?.kind === 'table') last.lines.push(line);
        else out.push({ kind: 'table', lines: [line] });
      } else if (/^[-*]\s/.test(line)) {
        if (last?.kind === 'ul') last.lines.push(line.slice(2));
        else out.push({ kind: 'ul', lines: [line.slice(2)] });
      } else if (last?.kind === 'p') {
        last.lines.push(line);
      } else {
        out.push({ kind: 'p', lines: [line] });
      }
    }
    if (code) out.push({ kind: 'code', lines: code });
    return out.filter((b) => b.lines.length > 0);
  }, [text]);
  if (!text.trim()) return <p className="muted">No docs.</p>;
  return (
    <div className="docs">
      {blocks.map((b, i) =>
        b.kind === 'h' ? (
          <p key={i}>
            <strong>{b.lines[0]}</strong>
          </p>
        ) : b.kind === 'ul' ? (
          <ul key={i}>
            {b.lines.map((l, j) => (
              <li key={j}>{inline(l)}</li>
            ))}
          </ul>
        ) : b.kind === 'table' ? (
          <div key={i} className="table-scroll">
            <table>
              <tbody>
                {b.lines.map((row, j) => {
                  const cells = row.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
                  return (
                    <tr key={j}>
                      {cells.map((c, k) => (j === 0 ? <th key={k}>{inline(c)}</th> : <td key={k}>{inline(c)}</td>))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : b.kind === 'code' ? (
          <pre key={i}>
            <code>{b.lines.join('\n')}</code>
          </pre>
        ) : (
          <p key={i}>{inline(b.lines.join(' '))}</p>
        ),
      )}
    </div>
  );
}

function RuleControls({ row, settings, onSave }: { row: RuleRow; settings: Settings; onSave: (patch: SettingsPatch) => Promise<void> }) {
  const id = useId();
  const { info, decision, user } = row;
  const ruleId = info.meta.id;
  const write = (patch: RuleSetting | null) => {
    // Applied to the rules as stored when the save runs: two quick changes to different rules both stay.
    return onSave((current) => {
      const rules = { ...current.rules };
      if (patch === null) delete rules[ruleId];
      else rules[ruleId] = { ...rules[ruleId], ...patch };
      return { rules };
    });
  };
  const enabledBy = decision?.enabled?.source ?? info.source;
  const severityBy = decision?.severity?.source ?? info.source;
  return (
    <div className="stack">
      <div className="row">
        <label className="check">
          <input
            type="checkbox"
            aria-label={`Enabled ${ruleId}`}
            checked={info.enabled}
            onChange={(e) => void write({ enabled: e.target.checked })}
          />
          Enabled
        </label>
        <span className="field">
          <label htmlFor={`${id}-sev`}>Severity of {ruleId}</label>
          <select id={`${id}-sev`} value={info.severity} onChange={(e) => void write({ severity: e.target.value as Severity })}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </span>
        {user ? (
          <button type="button" onClick={() => void write(null)}>
            Reset {ruleId} to pack or default
          </button>
        ) : null}
      </div>
      <p className="small decided">
        {info.enabled ? 'On' : 'Off'} (decided by {sourceLabel(enabledBy)}) · {info.severity} (decided by{' '}
        {sourceLabel(severityBy)})
      </p>
      {decision && decision.overridden.length > 0 ? (
        <p className="small muted">
          Overridden:{' '}
          {decision.overridden.map((o, i) => (
            <Fragment key={i}>
              {i > 0 ? '; ' : ''}
              {sourceLabel(o.source)} sets {o.field} to {String(o.value)}
            </Fragment>
          ))}
        </p>
      ) : null}
    </div>
  );
}

/** How often the Rules page asks again which rules the time budget turned off (a tab may turn one off any time). */
export const SLOW_RULES_REFRESH_MS = 5000;

/** The pack rules turned off by the time budget in a tab this session, refreshed while the page is open. */
function useSlowRules(): Map<string, SlowRuleEntry> {
  const { slowRules } = useServices();
  const [entries, setEntries] = useState<Map<string, SlowRuleEntry>>(() => new Map());
  useEffect(() => {
    if (!slowRules) return;
    let live = true;
    const load = () =>
      slowRules
        .list()
        .then((list) => {
          if (live) setEntries(new Map(list.map((e) => [e.rule, e])));
        })
        .catch(() => undefined);
    void load();
    const timer = setInterval(load, SLOW_RULES_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [slowRules]);
  return entries;
}

function SlowNote({ entry }: { entry: SlowRuleEntry | undefined }) {
  if (!entry) return null;
  return (
    <p className="small warning-text" role="note">
      Turned off by the time budget: {entry.reason} (until that tab reloads; check the rule’s patterns)
    </p>
  );
}

export function RulesSection({ packs: packsService, ruleId }: { packs: PacksService; ruleId: string | null }) {
  const { settings: settingsService } = useServices();
  const slow = useSlowRules();
  const settings = useSettings();
  const installed = useInstalledPacks(packsService);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const hid = useId();

  const resolved = useMemo(
    () => (settings && installed ? resolveRules(installed.packs, settings) : null),
    [settings, installed],
  );
  if (!settings || !installed || !resolved) return <p aria-live="polite">Loading rules…</p>;

  const save = async (patch: SettingsPatch) => {
    setSaveError(null);
    try {
      await settingsService.set(patch);
    } catch (err) {
      setSaveError(errorMessage(err));
    }
  };

  const errorLine = saveError ? (
    <p role="alert" className="error">
      Could not save: {saveError}
    </p>
  ) : null;

  if (ruleId) {
    const row = resolved.rows.find((r) => r.info.meta.id === ruleId);
    return (
      <section aria-labelledby={hid}>
        <p>
          <a href="#/rules">← All rules</a>
        </p>
        {row ? (
          <>
            <h2 id={hid}>{row.info.meta.id}</h2>
            <p>{row.info.meta.description}</p>
            <p className="small muted">
              {row.info.source === 'builtin' ? 'Built-in rule' : `From pack “${row.info.source}”`}
            </p>
            <SlowNote entry={slow.get(row.info.meta.id)} />
            <RuleControls row={row} settings={settings} onSave={save} />
            {errorLine}
            <h3>Docs</h3>
            <RuleDocs text={row.info.meta.docs} />
          </>
        ) : (
          <>
            <h2 id={hid}>{ruleId}</h2>
            <p role="alert" className="error">
              No rule “{ruleId}” is installed. It may come from a pack that is disabled or was removed.
            </p>
          </>
        )}
      </section>
    );
  }

  const q = filter.trim().toLowerCase();
  const shown = resolved.rows.filter(
    (r) => !q || r.info.meta.id.toLowerCase().includes(q) || r.info.meta.description.toLowerCase().includes(q),
  );
  return (
    <section aria-labelledby={hid}>
      <h2 id={hid}>Rules</h2>
      <p className="muted small">
        Precedence: your settings here win, then packs in the order of the Packs list (higher wins), then each rule’s
        default.
      </p>
      {resolved.problems.length > 0 ? (
        <ul className="error" aria-label="Problems with packs">
          {resolved.problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      ) : null}
      {slow.size > 0 ? (
        <section aria-label="Pack rules turned off by the time budget" className="card">
          <h3>Turned off in a tab by the time budget</h3>
          <p className="small muted">
            All pack rules together may take {PACK_BUDGET_MS} ms per keystroke in the composer; the slowest one is turned off in that
            tab until it reloads, and its findings are missing there.
          </p>
          <ul>
            {[...slow.values()].map((e) => (
              <li key={e.rule}>
                <a href={`#/rules/${encodeURIComponent(e.rule)}`}>{e.rule}</a>: {e.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {errorLine}
      <p className="field">
        <label htmlFor={`${hid}-filter`}>Filter rules</label>
        <input id={`${hid}-filter`} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </p>
      <ul className="plain rules">
        {shown.map((row) => (
          <li key={row.info.meta.id}>
            <article aria-labelledby={`${hid}-${row.info.meta.id}`}>
              <h3 id={`${hid}-${row.info.meta.id}`}>
                <a href={`#/rules/${encodeURIComponent(row.info.meta.id)}`}>{row.info.meta.id}</a>{' '}
                <span className={`badge severity-${row.info.severity}`}>{row.info.severity}</span>{' '}
                <span className="small muted">
                  {row.info.source === 'builtin' ? 'built-in' : `pack ${row.info.source}`}
                </span>
              </h3>
              <p>{row.info.meta.description}</p>
              <SlowNote entry={slow.get(row.info.meta.id)} />
              <RuleControls row={row} settings={settings} onSave={save} />
              <details>
                <summary>Docs for {row.info.meta.id}</summary>
                <RuleDocs text={row.info.meta.docs} />
              </details>
            </article>
          </li>
        ))}
      </ul>
    </section>
  );
}
