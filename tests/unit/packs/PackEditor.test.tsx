import { readFileSync } from 'node:fs';
import { forEachDiagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { PackEditor } from '../../../components/packs/PackEditor';

const tone = readFileSync('packs/tone.yaml', 'utf8');

/** The CodeMirror view behind the editor's labelled content area. */
function editorView(): EditorView {
  const view = EditorView.findFromDOM(screen.getByLabelText('Pack (YAML or JSON)'));
  if (!view) throw new Error('no CodeMirror view');
  return view;
}

/** Replace the whole text, as typing or pasting into CodeMirror would. */
function setText(text: string) {
  const view = editorView();
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }));
}

function gutterLines(): number[] {
  const view = editorView();
  const out: number[] = [];
  forEachDiagnostic(view.state, (_d, from) => out.push(view.state.doc.lineAt(from).number));
  return out;
}

describe('PackEditor', () => {
  it('shows live validation errors with path and line:column, and blocks saving', async () => {
    const onSave = vi.fn();
    render(<PackEditor initialText={tone} onSave={onSave} />);
    expect(screen.getByText(/Valid: tone 1\.0\.0, 5 rules/)).toBeInTheDocument();
    const editor = screen.getByLabelText('Pack (YAML or JSON)');
    setText(tone.replace('severity: error', 'severity: fatal'));
    const problems = await screen.findByRole('list', { name: 'Pack problems' });
    expect(within(problems).getByText('rules[0].severity')).toBeInTheDocument();
    expect(problems).toHaveTextContent(/^\d+:\d+ rules\[0\]\.severity: /);
    expect(editor).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('button', { name: 'Save pack' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Run examples' })).toBeDisabled();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('marks each problem once, at the line where it starts, and follows JSON as JSON', async () => {
    render(<PackEditor initialText={tone} />);
    expect(gutterLines()).toEqual([]);
    const lines = tone.split('\n');
    const n = lines.findIndex((l) => l.includes('type: existence')) + 1;
    setText(lines.map((l, i) => (i === n - 1 ? l.replace('    type', '\ttype') : l)).join('\n'));
    const problems = await screen.findByRole('list', { name: 'Pack problems' });
    expect(within(problems).getAllByRole('listitem')).toHaveLength(1);
    expect(problems).toHaveTextContent(`${n}:1 (pack): YAML syntax: Tabs are not allowed as indentation`);
    expect(gutterLines()).toEqual([n]);

    const bank = readFileSync('packs/bank-safety.json', 'utf8');
    setText(bank.replace(/"version": "([^"]*)"/, '"version": "$1'));
    await screen.findByText(/JSON syntax/);
    expect(screen.getByText('Pack (JSON)')).toBeInTheDocument();
    const v = bank.split('\n').findIndex((l) => l.includes('"version"')) + 1;
    expect(gutterLines()).toEqual([v]);
    setText(bank);
    await screen.findByText(/Valid: bank-safety/);
    expect(gutterLines()).toEqual([]);
  });

  it('previews findings of the pack for the tweet, history and draft', async () => {
    const user = userEvent.setup();
    const telecom = readFileSync('packs/telecom-care.yaml', 'utf8');
    render(<PackEditor initialText={telecom} />);
    await user.type(screen.getByLabelText('Customer tweet'), 'no internet since 6am');
    await user.type(screen.getByLabelText('Reply draft'), 'Please restart your router');
    const findings = screen.getByRole('list', { name: 'Findings' });
    expect(findings).toHaveTextContent('telecom-care/no-restart-first');
    expect(findings).toHaveTextContent('telecom-care/own-the-outage');
    // Not the first reply any more: the "restart first" rule stops applying.
    await user.type(screen.getByLabelText('Earlier replies to this customer (one per line)'), 'Sorry, checking your line');
    expect(findings).not.toHaveTextContent('telecom-care/no-restart-first');
    expect(findings).toHaveTextContent('telecom-care/own-the-outage');
  });

  it('runs the examples and shows pass/fail per example', async () => {
    const user = userEvent.setup();
    const broken = tone.replace('- Please calm down, we are looking into it.', '- Please settle down.');
    render(<PackEditor initialText={broken} />);
    await user.click(screen.getByRole('button', { name: 'Run examples' }));
    expect(screen.getByText('20 passed, 1 failed')).toBeInTheDocument();
    const results = screen.getByRole('list', { name: 'Example results' });
    const failed = within(results).getByText(/^Fail: tone\/no-calm-down invalid #1/);
    expect(failed).toHaveTextContent('was not flagged');
  });

  it('saves the text and the parsed pack', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn();
    render(<PackEditor initialText={tone} onSave={onSave} />);
    await user.click(screen.getByRole('button', { name: 'Save pack' }));
    expect(onSave).toHaveBeenCalledWith(tone, expect.objectContaining({ name: 'tone', version: '1.0.0' }));
    expect(screen.getByText('Saved tone 1.0.0.')).toBeInTheDocument();
  });

  it('renders pack text as text, never as HTML', () => {
    const evil = tone.replace('description: Warm', 'description: "<img src=x onerror=alert(1)>" #');
    const { container } = render(<PackEditor initialText={evil.replace('severity: error', 'severity: <b>x</b>')} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });
});
