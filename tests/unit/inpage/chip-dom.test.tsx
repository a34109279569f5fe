import { render } from '@testing-library/react';
import { AddNoteButton, CaseChip } from '../../../components/inpage/CaseChip';
import { buildChipButton } from '../../../components/inpage/chip-dom';
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

/** The plain-DOM chip the content script shows must read exactly like the React chip. */
describe('buildChipButton', () => {
  it.each([
    ['plain', summary()],
    ['overdue', summary({ overduePromises: 2, nextDue: NOW - DAY })],
    ['no contact, no details, no open case', summary({ openCases: 0, lastContact: null, topDetails: [] })],
    ['markup in a detail stays text', summary({ topDetails: [{ kind: 'other', value: '<img src=x onerror=alert(1)>' }] })],
  ])('matches CaseChip (%s)', (_name, s) => {
    const { container } = render(<CaseChip summary={s} now={NOW} expanded={false} onToggle={() => {}} />);
    const react = container.querySelector('button')!;
    const dom = buildChipButton(document, s, s.handle, NOW, false);
    expect(dom.getAttribute('aria-label')).toBe(react.getAttribute('aria-label'));
    expect(dom.className).toBe(react.className);
    expect(dom.textContent).toBe(react.textContent);
    expect(dom.querySelectorAll('img')).toHaveLength(0);
    expect(dom).toHaveAttribute('aria-expanded', 'false');
  });

  it('is the quiet "add note" button for an author without history', () => {
    const { container } = render(<AddNoteButton handle="Dana_W" expanded onToggle={() => {}} />);
    const react = container.querySelector('button')!;
    const dom = buildChipButton(document, null, 'Dana_W', NOW, true);
    expect(dom).toHaveAccessibleName('Add case note: @Dana_W');
    expect(dom.textContent).toBe(react.textContent);
    expect(dom.className).toBe(react.className);
    expect(dom).toHaveAttribute('aria-expanded', 'true');
  });
});
