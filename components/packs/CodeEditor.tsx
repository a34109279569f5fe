/**
 * The pack source editor: CodeMirror 6 with line numbers, YAML or JSON highlighting, and the lint gutter. The
 * problems come from the caller (loadPack + packDiagnostics, the same check the CLI and the installer run), so
 * the gutter and the list under the editor always agree; CodeMirror's own linter is not used.
 * Text only: CodeMirror renders the document as text nodes, never as HTML.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { useEffect, useRef } from 'react';
import type { PackDiagnostic } from '../../lib/packs';

export interface CodeEditorProps {
  /** The text the editor starts with; later changes come from the user (onChange). */
  initialText: string;
  language: 'yaml' | 'json';
  diagnostics: readonly PackDiagnostic[];
  /** The text the diagnostics were computed for: they are shown once the document is that text again. */
  diagnosticsFor: string;
  onChange(text: string): void;
  /** Accessible name and description of the editable area. */
  label: string;
  describedBy?: string;
  invalid?: boolean;
}

/** Colours from the pages' theme tokens (pages.css), so light and dark both read. */
const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--cl-accent-strong)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--cl-ok)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--cl-warning)' },
  { tag: [tags.comment, tags.lineComment], color: 'var(--cl-fg-muted)', fontStyle: 'italic' },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: 'var(--cl-fg-muted)' },
]);

const theme = EditorView.theme({
  '&': { border: '1px solid var(--cl-border)', borderRadius: '6px', background: 'var(--cl-bg)', color: 'var(--cl-fg)', fontSize: '13px' },
  '&.cm-focused': { outline: '2px solid var(--cl-accent)', outlineOffset: '2px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '1.5', maxHeight: '32rem', minHeight: '16rem' },
  '.cm-content': { caretColor: 'var(--cl-fg)' },
  '.cm-gutters': { background: 'var(--cl-bg-raised)', color: 'var(--cl-fg-muted)', borderRight: '1px solid var(--cl-border)' },
  '.cm-activeLine': { background: 'color-mix(in srgb, var(--cl-accent) 8%, transparent)' },
  '.cm-activeLineGutter': { background: 'color-mix(in srgb, var(--cl-accent) 14%, transparent)', color: 'var(--cl-fg)' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'wavy underline var(--cl-error)', textUnderlineOffset: '3px' },
  '.cm-tooltip': { background: 'var(--cl-bg-raised)', color: 'var(--cl-fg)', border: '1px solid var(--cl-border)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--cl-error)' },
});

function toCm(d: readonly PackDiagnostic[], length: number): Diagnostic[] {
  return d.map((x) => ({ from: Math.min(x.from, length), to: Math.min(Math.max(x.to, x.from), length), severity: x.severity, message: x.message }));
}

export function CodeEditor({ initialText, language, diagnostics, diagnosticsFor, onChange, label, describedBy, invalid }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const lang = useRef(new Compartment());
  const attrs = useRef(new Compartment());
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initialText,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          indentOnInput(),
          bracketMatching(),
          syntaxHighlighting(highlight),
          lintGutter(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          lang.current.of(language === 'json' ? json() : yaml()),
          attrs.current.of([]),
          EditorState.tabSize.of(2),
          EditorView.lineWrapping,
          theme,
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is made once per mount; the caller remounts it (key) for another pack.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: lang.current.reconfigure(language === 'json' ? json() : yaml()) });
  }, [language]);

  useEffect(() => {
    const a: Record<string, string> = { 'aria-label': label, 'aria-multiline': 'true', 'aria-invalid': invalid ? 'true' : 'false', spellcheck: 'false' };
    if (describedBy) a['aria-describedby'] = describedBy;
    view.current?.dispatch({ effects: attrs.current.reconfigure(EditorView.contentAttributes.of(a)) });
  }, [label, describedBy, invalid]);

  useEffect(() => {
    const v = view.current;
    // Checked text that is already out of date (typing ahead of the deferred check) would mark the wrong
    // places; the next check brings the right ones.
    if (!v || v.state.doc.toString() !== diagnosticsFor) return;
    v.dispatch(setDiagnostics(v.state, toCm(diagnostics, v.state.doc.length)));
  }, [diagnostics, diagnosticsFor]);

  return <div ref={host} className="pack-editor__code" data-language={language} />;
}
