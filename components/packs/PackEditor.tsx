/**
 * Pack editor for the options page: edit a pack (YAML or JSON) with live validation, preview its findings (plus
 * the built-in rules) on a sample tweet/history/draft, and run the pack's examples.
 * Pack text is untrusted: everything is rendered as React text, never as HTML.
 */
import { useDeferredValue, useId, useMemo, useState } from 'react';
import { createLinter } from '../../lib/lint/engine';
import { DETAIL_KINDS, type DetailKind, type Finding, type HistoryDetail, type LintRequest } from '../../lib/lint/types';
import { loadPack, looksJson, packDiagnostics, resolveConfig, runPackExamples, type Pack, type PackError, type PackExamplesReport } from '../../lib/packs';
import { CodeEditor } from './CodeEditor';

export interface PackEditorProps {
  initialText: string;
  onSave?(text: string, pack: Pack): void;
}

function parseDetails(text: string): { details: HistoryDetail[]; bad: string[] } {
  const details: HistoryDetail[] = [];
  const bad: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = /^\s*([a-z]+)\s*:\s*(.+)$/.exec(line);
    if (m && (DETAIL_KINDS as readonly string[]).includes(m[1]!)) details.push({ kind: m[1] as DetailKind, value: m[2]!.trim() });
    else bad.push(line.trim());
  }
  return { details, bad };
}

function ErrorItem({ e }: { e: PackError }) {
  return (
    <li>
      {e.line !== undefined && <span className="pack-editor__pos">{`${e.line}:${e.column ?? 1}`} </span>}
      <code>{e.where}</code>: {e.message}
    </li>
  );
}

export function PackEditor({ initialText, onSave }: PackEditorProps) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const [tweet, setTweet] = useState('');
  const [brand, setBrand] = useState('brand');
  const [replies, setReplies] = useState('');
  const [detailsText, setDetailsText] = useState('');
  const [openPromise, setOpenPromise] = useState(false);
  const [draft, setDraft] = useState('');
  const [report, setReport] = useState<{ text: string; report: PackExamplesReport } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const deferredText = useDeferredValue(text);
  const loaded = useMemo(() => loadPack(deferredText), [deferredText]);
  const diagnostics = useMemo(() => (loaded.ok ? [] : packDiagnostics(deferredText, loaded.errors)), [loaded, deferredText]);
  const language = looksJson(deferredText) ? 'json' : 'yaml';

  const linter = useMemo(() => {
    const packs = loaded.ok ? [{ pack: loaded.pack, compiled: loaded.compiled }] : [];
    const resolved = resolveConfig(packs, {});
    return createLinter({ extraRules: resolved.extraRules, settings: resolved.settings });
  }, [loaded]);

  const { details, bad: badDetails } = useMemo(() => parseDetails(detailsText), [detailsText]);
  const findings: Finding[] = useMemo(() => {
    if (!draft.trim()) return [];
    const handles = brand
      .split(/[\s,]+/)
      .map((h) => h.replace(/^@/, ''))
      .filter(Boolean);
    const request: LintRequest = {
      brand: handles.length ? handles : ['brand'],
      tweet: { author: 'customer', text: tweet, inReplyTo: handles[0] ?? 'brand' },
      history: {
        details,
        replies: replies
          .split('\n')
          .filter((l) => l.trim())
          .map((t) => ({ text: t })),
        promises: openPromise ? [{ text: 'open promise', done: false }] : [],
      },
      draft,
    };
    try {
      return linter.lint(request);
    } catch {
      return [];
    }
  }, [linter, tweet, brand, replies, details, openPromise, draft]);

  const errorsId = `${id}-errors`;
  const runExamples = () => {
    const now = loadPack(text);
    if (now.ok) setReport({ text, report: runPackExamples(now) });
  };
  const save = () => {
    const now = loadPack(text);
    if (now.ok && onSave) {
      onSave(text, now.pack);
      setSaved(`Saved ${now.pack.name} ${now.pack.version}.`);
    }
  };

  return (
    <section className="pack-editor" aria-label="Pack editor">
      <div className="pack-editor__source">
        <span className="pack-editor__label">
          Pack ({language === 'json' ? 'JSON' : 'YAML'})
        </span>
        <CodeEditor
          initialText={initialText}
          language={language}
          diagnostics={diagnostics}
          diagnosticsFor={deferredText}
          label="Pack (YAML or JSON)"
          describedBy={errorsId}
          invalid={!loaded.ok}
          onChange={(t) => {
            setText(t);
            setSaved(null);
          }}
        />
        <div id={errorsId} aria-live="polite">
          {loaded.ok ? (
            <p className="pack-editor__ok">
              Valid: {loaded.pack.name} {loaded.pack.version}, {loaded.pack.rules.length} rule{loaded.pack.rules.length === 1 ? '' : 's'}.
            </p>
          ) : (
            <>
              <p>
                {loaded.errors.length} problem{loaded.errors.length === 1 ? '' : 's'} (the pack is not applied until all are fixed):
              </p>
              <ul aria-label="Pack problems">
                {loaded.errors.map((e, i) => (
                  <ErrorItem key={i} e={e} />
                ))}
              </ul>
            </>
          )}
        </div>
        <div className="pack-editor__actions">
          <button type="button" onClick={runExamples} disabled={!loaded.ok}>
            Run examples
          </button>
          {onSave && (
            <button type="button" onClick={save} disabled={!loaded.ok}>
              Save pack
            </button>
          )}
          {saved && <span role="status">{saved}</span>}
        </div>
        {report && (
          <div className="pack-editor__examples">
            <p role="status">
              {report.report.passed} passed, {report.report.failed} failed
              {report.text !== text ? ' (before your latest edits)' : ''}
            </p>
            <ul aria-label="Example results">
              {report.report.results.map((r, i) => (
                <li key={i} data-passed={r.passed}>
                  {r.passed ? 'Pass' : 'Fail'}: {r.rule} {r.kind} #{r.index + 1} “{r.draft}”{r.passed ? '' : ` — ${r.message}`}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>

      <fieldset className="pack-editor__preview">
        <legend>Preview</legend>
        <label htmlFor={`${id}-brand`}>Team handles</label>
        <input id={`${id}-brand`} value={brand} onChange={(e) => setBrand(e.target.value)} />
        <label htmlFor={`${id}-tweet`}>Customer tweet</label>
        <textarea id={`${id}-tweet`} rows={2} value={tweet} onChange={(e) => setTweet(e.target.value)} />
        <label htmlFor={`${id}-replies`}>Earlier replies to this customer (one per line)</label>
        <textarea id={`${id}-replies`} rows={2} value={replies} onChange={(e) => setReplies(e.target.value)} />
        <label htmlFor={`${id}-details`}>Known details (one per line, e.g. "phone: +44 7700 900123")</label>
        <textarea
          id={`${id}-details`}
          rows={2}
          value={detailsText}
          aria-invalid={badDetails.length > 0}
          onChange={(e) => setDetailsText(e.target.value)}
        />
        {badDetails.length > 0 && (
          <p role="alert">
            Not a known detail (kinds: {DETAIL_KINDS.join(', ')}): {badDetails.join('; ')}
          </p>
        )}
        <label>
          <input type="checkbox" checked={openPromise} onChange={(e) => setOpenPromise(e.target.checked)} /> The case has an open promise
        </label>
        <label htmlFor={`${id}-draft`}>Reply draft</label>
        <textarea id={`${id}-draft`} rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} />
        {!loaded.ok && <p>The pack has problems: the preview shows built-in rules only.</p>}
        <ul aria-label="Findings" aria-live="polite">
          {findings.map((f, i) => (
            <li key={i} data-severity={f.severity}>
              <strong>{f.severity}</strong> {f.rule}: {f.message} <q>{draft.slice(f.start, f.end)}</q>
              {f.suggestions?.length ? ` → ${f.suggestions.map((s) => s.text || '(remove)').join(' / ')}` : ''}
            </li>
          ))}
        </ul>
        {draft.trim() && findings.length === 0 && <p>No findings.</p>}
      </fieldset>
    </section>
  );
}
