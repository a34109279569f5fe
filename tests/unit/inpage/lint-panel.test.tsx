import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { findingKey, LintPanel } from '../../../components/inpage/LintPanel';
import { LintOverlay, toBoxes } from '../../../components/inpage/LintOverlay';
import type { Finding } from '../../../lib/lint/types';

const draft = 'Sorry to hear that! Please call us at 1-800-555-0199 so we can help.';
const phoneStart = draft.indexOf('1-800');
const findings: Finding[] = [
  {
    rule: 'deflect-to-phone',
    severity: 'error',
    message: 'Sends the customer to a phone line instead of helping here.',
    start: phoneStart,
    end: phoneStart + '1-800-555-0199'.length,
  },
  {
    rule: 'acme/no-sorry',
    severity: 'warning',
    message: 'Say what you will do rather than apologising.',
    start: 0,
    end: 5,
    source: 'acme',
    suggestions: [{ start: 0, end: 5, text: 'Thanks for flagging' }],
  },
];

/** The panel as the content script uses it: "ignore here" hides a finding for this draft. */
function Harness({ onDisable, onSuggestion }: { onDisable: (id: string) => void; onSuggestion: (text: string) => void }) {
  const [ignored, setIgnored] = useState<Set<string>>(new Set());
  return (
    <LintPanel
      findings={findings.filter((f) => !ignored.has(findingKey(f, draft)))}
      draft={draft}
      docsUrl={(id) => `chrome-extension://abc/options.html#/rules/${id}`}
      onIgnore={(f) => setIgnored(new Set([...ignored, findingKey(f, draft)]))}
      onDisableRule={onDisable}
      onSuggestion={(_f, s) => onSuggestion(s.text)}
      suggestionVerb="Copy"
    />
  );
}

describe('LintPanel', () => {
  it('lists each finding with severity, message, the text it covers and a docs link', () => {
    render(<Harness onDisable={() => {}} onSuggestion={() => {}} />);
    const panel = screen.getByRole('region', { name: 'Caselint reply check' });
    expect(panel).toHaveTextContent('2 findings (1 error)');
    const items = within(panel).getAllByRole('listitem', { name: /finding/ });
    // Errors first.
    expect(items[0]).toHaveTextContent('Sends the customer to a phone line');
    expect(items[0]).toHaveTextContent('1-800-555-0199');
    expect(within(items[0]!).getByRole('link', { name: 'deflect-to-phone' })).toHaveAttribute(
      'href',
      'chrome-extension://abc/options.html#/rules/deflect-to-phone',
    );
    expect(items[1]).toHaveTextContent('from acme');
  });

  it('groups findings by rule, most severe rule first, with one "Turn this rule off" per rule', () => {
    const twice: Finding[] = [
      { rule: 'acme/no-sorry', severity: 'warning', message: 'Say what you will do.', start: 0, end: 5, source: 'acme' },
      { rule: 'deflect-to-phone', severity: 'error', message: 'Phone line.', start: phoneStart, end: phoneStart + 14 },
      { rule: 'acme/no-sorry', severity: 'warning', message: 'Say what you will do.', start: 20, end: 26, source: 'acme' },
    ];
    render(<LintPanel findings={twice} draft={draft} docsUrl={(id) => `#${id}`} onIgnore={() => {}} onDisableRule={() => {}} onSuggestion={() => {}} />);
    const panel = screen.getByRole('region', { name: 'Caselint reply check' });
    expect(panel).toHaveTextContent('3 findings (1 error)');
    const groups = within(panel).getAllByRole('listitem', { name: /findings?$/ });
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual(['deflect-to-phone: 1 finding', 'acme/no-sorry: 2 findings']);
    expect(within(groups[1]!).getAllByRole('button', { name: /^Ignore here/ })).toHaveLength(2);
    expect(within(groups[1]!).getAllByRole('button', { name: /^Turn this rule off/ })).toHaveLength(1);
    expect(within(groups[1]!).getByText(draft.slice(20, 26))).toBeInTheDocument();
  });

  it('"Ignore here" hides only that finding', async () => {
    render(<Harness onDisable={() => {}} onSuggestion={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: /Ignore here: Sends the customer/ }));
    expect(screen.queryByText(/phone line/)).not.toBeInTheDocument();
    expect(screen.getByText(/rather than apologising/)).toBeInTheDocument();
    expect(screen.getByRole('region')).toHaveTextContent('1 finding');
  });

  it('the docs link asks for the docs instead of navigating when the page cannot open extension pages (x.com)', async () => {
    const onOpenDocs = vi.fn();
    render(
      <LintPanel findings={findings} draft={draft} docsUrl={(id) => `chrome-extension://abc/options.html#/rules/${id}`} onOpenDocs={onOpenDocs} onIgnore={() => {}} onDisableRule={() => {}} onSuggestion={() => {}} />,
    );
    const link = screen.getByRole('link', { name: 'deflect-to-phone' });
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(onOpenDocs).toHaveBeenCalledWith('deflect-to-phone');
  });

  it('"Turn this rule off" reports the rule id', async () => {
    const onDisable = vi.fn();
    render(<Harness onDisable={onDisable} onSuggestion={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Turn this rule off: acme/no-sorry' }));
    expect(onDisable).toHaveBeenCalledWith('acme/no-sorry');
  });

  it('offers suggestions as buttons', async () => {
    const onSuggestion = vi.fn();
    render(<Harness onDisable={() => {}} onSuggestion={onSuggestion} />);
    await userEvent.click(screen.getByRole('button', { name: 'Copy “Thanks for flagging”' }));
    expect(onSuggestion).toHaveBeenCalledWith('Thanks for flagging');
  });

  it('renders nothing without findings', () => {
    const { container } = render(
      <LintPanel findings={[]} draft="ok" docsUrl={() => '#'} onIgnore={() => {}} onDisableRule={() => {}} onSuggestion={() => {}} />,
    );
    expect(container).toBeEmptyDOMElement();
  });

  it('renders untrusted messages as text, never as markup', () => {
    const evil: Finding = { rule: 'pack/x', severity: 'info', message: '<img src=x onerror=alert(1)>', start: 0, end: 1 };
    const { container } = render(
      <LintPanel findings={[evil]} draft="hello" docsUrl={() => '#'} onIgnore={() => {}} onDisableRule={() => {}} onSuggestion={() => {}} />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeInTheDocument();
  });
});

describe('LintOverlay', () => {
  it('places one box per non-empty rect, relative to the editor, coloured by severity', () => {
    const boxes = toBoxes(
      [
        { rects: [{ left: 110, top: 220, width: 40, height: 18 }, { left: 100, top: 240, width: 0, height: 18 }], severity: 'error', rule: 'deflect-to-phone' },
        { rects: [{ left: 100, top: 240, width: 30, height: 18 }], severity: 'warning', rule: 'too-long' },
      ],
      { left: 100, top: 200 },
    );
    expect(boxes).toEqual([
      { left: 10, top: 20, width: 40, height: 18, severity: 'error', rule: 'deflect-to-phone' },
      { left: 0, top: 40, width: 30, height: 18, severity: 'warning', rule: 'too-long' },
    ]);
    const { container } = render(<LintOverlay boxes={boxes} />);
    const hl = container.querySelectorAll<HTMLElement>('.cl-hl');
    expect(hl).toHaveLength(2);
    expect(hl[0]).toHaveClass('cl-hl--error');
    expect(hl[0]!.style.left).toBe('10px');
    expect(hl[0]!.style.top).toBe('20px');
    expect(hl[1]).toHaveClass('cl-hl--warning');
    expect(container.firstElementChild).toHaveAttribute('aria-hidden', 'true');
  });
});

describe('pack rules turned off by the time budget', () => {
  const slow = new Map([['acme/slow', 'it took 45 ms on one draft; all pack rules together may take 30 ms per keystroke']]);
  const noop = () => undefined;
  it('are named with their reason above the findings, and even when there are none', () => {
    const { unmount } = render(
      <LintPanel findings={findings} draft={draft} docsUrl={(id) => `#${id}`} onIgnore={noop} onDisableRule={noop} onSuggestion={noop} slowRules={slow} />,
    );
    const notice = screen.getByRole('region', { name: 'Caselint: pack rules turned off' });
    expect(notice).toHaveTextContent('Pack rule acme/slow is off until this tab reloads: it took 45 ms on one draft; all pack rules together may take 30 ms per keystroke.');
    unmount();
    render(<LintPanel findings={[]} draft="" docsUrl={(id) => `#${id}`} onIgnore={noop} onDisableRule={noop} onSuggestion={noop} slowRules={slow} />);
    expect(screen.getByRole('region', { name: 'Caselint: pack rules turned off' })).toHaveTextContent('acme/slow');
  });
});
