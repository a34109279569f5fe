import { buildChipButton, chipFormFor, chipLabel } from '../../../components/inpage/chip-dom';
import type { CustomerSummary } from '../../../lib/cases/types';

const NOW = Date.UTC(2026, 1, 13, 12, 0, 0);
const DAY = 86_400_000;

function summary(over: Partial<CustomerSummary> = {}): CustomerSummary {
  return {
    key: 'dana_w',
    handle: 'Dana_W',
    displayName: 'Dana W',
    openCases: 2,
    lastContact: NOW - 3 * DAY,
    overduePromises: 0,
    nextDue: null,
    topDetails: [{ kind: 'phone', value: '+1 555 0100' }],
    notes: 4,
    ...over,
  };
}

const chip = (s: CustomerSummary | null, form?: Parameters<typeof buildChipButton>[6]) => {
  const b = buildChipButton(document, s, s?.handle ?? 'newbie', NOW, false, [], form);
  document.body.append(b);
  onTestFinished(() => b.remove());
  return b;
};
const face = (b: HTMLElement, name: 'full' | 'short' | 'compact') => b.querySelector(`.cl-chip__${name}`)!;

/**
 * The words of a text as axe's label-content-name-mismatch rule compares them: parentheticals dropped, then
 * letters and digits only.
 */
const words = (t: string) => t.replace(/\([^()]*\)/g, ' ').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
function containsInOrder(name: string, visible: string): boolean {
  const n = words(name).join(' ');
  return ` ${n} `.includes(` ${words(visible).join(' ')} `);
}

describe('the chip (components/inpage/chip-dom.ts, as the content script shows it)', () => {
  it('is a button named "Case history: @handle" that summarises the case', () => {
    const b = chip(summary());
    expect(b).toHaveAccessibleName('Case history: @Dana_W: 2 open cases, (last contact) 3 days ago, (phone) +1 555 0100; 4 notes');
    expect(face(b, 'full')).toHaveTextContent('2 open cases 3 days ago +1 555 0100');
    expect(b).not.toHaveTextContent('overdue');
    expect(b).toHaveAttribute('aria-expanded', 'false');
    expect(b).toHaveAttribute('aria-haspopup', 'dialog');
    // The detail's kind is an SVG icon, not an emoji.
    expect(face(b, 'full').querySelector('svg[aria-hidden="true"]')).not.toBeNull();
  });

  it('shows an overdue promise in red, second, and a red dot on the compact face', () => {
    const b = chip(summary({ overduePromises: 1, nextDue: NOW - DAY }));
    expect(b).toHaveClass('cl-chip--overdue');
    expect(face(b, 'full').children[1]).toHaveTextContent('1 overdue');
    expect(face(b, 'short')).toHaveTextContent('2 open cases 1 overdue');
    expect(face(b, 'compact')).toHaveTextContent('2');
    expect(face(b, 'compact').querySelector('.cl-chip__dot')).not.toBeNull();
    expect(b).toHaveAccessibleName(expect.stringContaining('1 overdue (promise)'));
  });

  it('mentions an upcoming promise when nothing is overdue, and works with no contact, details or open case', () => {
    const b = chip(summary({ openCases: 0, lastContact: null, topDetails: [], notes: 0, nextDue: NOW + 2 * DAY }));
    expect(b).toHaveAccessibleName('Case history: @Dana_W: no open case; promise due in 2 days');
    expect(face(b, 'compact').querySelector('.cl-chip__count')).toBeNull();
  });

  it.each([
    ['plain', summary()],
    ['overdue', summary({ overduePromises: 2, nextDue: NOW - DAY })],
    ['owner and no detail', summary({ topDetails: [], assignee: 'agent_b' })],
  ])('every face says only words of its accessible name, in the same order (axe label-content-name-mismatch): %s', (_n, s) => {
    const b = chip(s);
    const name = b.getAttribute('aria-label')!;
    for (const f of ['full', 'short', 'compact'] as const) expect(containsInOrder(name, face(b, f).textContent!), `${f}: "${face(b, f).textContent}" in "${name}"`).toBe(true);
  });

  it('shows the face it is built with (the others stay laid out, hidden)', () => {
    expect(chip(summary(), 'compact')).toHaveClass('cl-chip--compact');
    expect(chip(summary(), 'short')).toHaveClass('cl-chip--short');
    expect(chip(summary()).className).toBe('cl-chip');
  });

  it('keeps markup in a detail as text', () => {
    const b = chip(summary({ topDetails: [{ kind: 'other', value: '<img src=x onerror=alert(1)>' }] }));
    expect(b.querySelectorAll('img')).toHaveLength(0);
    expect(b).toHaveTextContent('<img src=x onerror=alert(1)>');
  });

  it('is the quiet "+ note" button for an author without history', () => {
    const b = chip(null);
    expect(b).toHaveAccessibleName('Add case note: @newbie');
    expect(b).toHaveTextContent('+ note');
    expect(b).toHaveClass('cl-add');
  });

  it('chipLabel names the team member on the customer, as the chip shows', () => {
    expect(chipLabel(summary({ topDetails: [] }), NOW, [{ agent: 'agent_a', key: 'dana_w', mode: 'replying', at: NOW }])).toBe(
      'Case history: @Dana_W: 2 open cases, (last contact) 3 days ago, @agent_a replying; 4 notes',
    );
  });
});

describe('chipFormFor', () => {
  it('picks the widest face that fits the host', () => {
    expect(chipFormFor(240, 235, 80)).toBe('full');
    expect(chipFormFor(235, 235, 80)).toBe('full');
    expect(chipFormFor(177, 235, 80)).toBe('short');
    expect(chipFormFor(60, 235, 80)).toBe('compact');
  });
});
