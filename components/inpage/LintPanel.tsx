import type { Finding, Suggestion } from '../../lib/lint/types';

export interface LintPanelProps {
  findings: Finding[];
  draft: string;
  /** Link to a rule's docs (options page `#/rules/<id>`). */
  docsUrl(ruleId: string): string;
  /**
   * Opens the docs instead of following the link: on x.com a link to an extension page is blocked
   * (ERR_BLOCKED_BY_CLIENT), so the content script asks the background to open it.
   */
  onOpenDocs?(ruleId: string): void;
  onIgnore(finding: Finding): void;
  onDisableRule(ruleId: string): void;
  onSuggestion(finding: Finding, suggestion: Suggestion): void;
  /** Verb on suggestion buttons: "Replace with" when the editor can take it, "Copy" otherwise. */
  suggestionVerb?: string;
  /** Pack rules turned off for this session because they were too slow: rule id -> reason. */
  slowRules?: ReadonlyMap<string, string>;
}

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Compact list of findings beside the composer. */
export function LintPanel({ findings, draft, docsUrl, onOpenDocs, onIgnore, onDisableRule, onSuggestion, suggestionVerb = 'Use', slowRules }: LintPanelProps) {
  const slow = slowRules && slowRules.size > 0 ? <SlowRules rules={slowRules} /> : null;
  if (findings.length === 0) return slow;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const groups = groupByRule(findings);
  return (
    <section className="cl-lint" aria-label="Caselint reply check">
      {slow}
      <h2 className="cl-lint__title">
        Caselint: {findings.length} {findings.length === 1 ? 'finding' : 'findings'}
        {errors > 0 ? ` (${errors} ${errors === 1 ? 'error' : 'errors'})` : ''}
      </h2>
      <ul className="cl-lint__list">
        {groups.map(({ rule, severity, source, items }) => (
          <li key={rule} className={`cl-rule cl-finding--${severity}`} aria-label={`${rule}: ${items.length} ${items.length === 1 ? 'finding' : 'findings'}`}>
            <div className="cl-rule__head">
              <span className={`cl-sev cl-sev--${severity}`}>{severity}</span>
              <a
                className="cl-rule__name"
                href={docsUrl(rule)}
                target="_blank"
                rel="noreferrer noopener"
                onClick={
                  onOpenDocs
                    ? (e) => {
                        e.preventDefault();
                        onOpenDocs(rule);
                      }
                    : undefined
                }
              >
                {rule}
              </a>
              {source && source !== 'builtin' && <span className="cl-muted"> from {source}</span>}
              {items.length > 1 && <span className="cl-muted">×{items.length}</span>}
              {/* Secondary and undoable (the status line offers Undo); its name starts with what it shows. */}
              <button type="button" className="cl-secondary" onClick={() => onDisableRule(rule)} aria-label={`Turn this rule off: ${rule}`}>
                Turn this rule off
              </button>
            </div>
            <ul className="cl-rule__findings">
              {items.map((f) => {
                const quoted = draft.slice(f.start, f.end);
                return (
                  <li key={`${f.start}:${f.end}:${f.message}`} className={`cl-finding cl-finding--${f.severity}`}>
                    <span className="cl-finding__msg">{f.message}</span>
                    {quoted && quoted.length < draft.length && (
                      <q className="cl-finding__quote">{quoted.length > 80 ? `${quoted.slice(0, 80)}…` : quoted}</q>
                    )}
                    <div className="cl-finding__actions">
                      {(f.suggestions ?? []).map((s, i) => (
                        <button key={i} type="button" onClick={() => onSuggestion(f, s)} title={s.text}>
                          {s.label ? (s.label.startsWith(suggestionVerb) ? s.label : `${suggestionVerb}: ${s.label}`) : `${suggestionVerb} “${s.text}”`}
                        </button>
                      ))}
                      <button type="button" onClick={() => onIgnore(f)} aria-label={`Ignore here: ${f.message}`}>
                        Ignore here
                      </button>
                    </div>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

interface RuleGroup {
  rule: string;
  /** The most severe of its findings. */
  severity: Finding['severity'];
  source: string | undefined;
  items: Finding[];
}

/** Findings grouped by rule: most severe rule first, then by where its first finding starts in the draft. */
export function groupByRule(findings: readonly Finding[]): RuleGroup[] {
  const byRule = new Map<string, RuleGroup>();
  for (const f of [...findings].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const g = byRule.get(f.rule);
    if (!g) byRule.set(f.rule, { rule: f.rule, severity: f.severity, source: f.source, items: [f] });
    else {
      g.items.push(f);
      if (ORDER[f.severity] < ORDER[g.severity]) g.severity = f.severity;
    }
  }
  return [...byRule.values()].sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.items[0]!.start - b.items[0]!.start);
}

/** Pack rules the time budget turned off: never silent. */
function SlowRules({ rules }: { rules: ReadonlyMap<string, string> }) {
  return (
    <section className="cl-lint cl-lint--slow" aria-label="Caselint: pack rules turned off">
      <ul className="cl-lint__list">
        {[...rules].map(([id, why]) => (
          <li key={id} className="cl-finding cl-finding--warning">
            Pack rule {id} is off until this tab reloads: {why}.
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Stable identity of a finding within one draft, for "ignore here": the rule plus the text it covers. */
export function findingKey(f: Finding, draft: string): string {
  return `${f.rule}\u0000${draft.slice(f.start, f.end)}`;
}
