import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AddNoteButton, CaseChip } from '../../../components/inpage/CaseChip';
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

describe('CaseChip', () => {
  it('is a button named "Case history: @handle" that summarises the case', () => {
    render(<CaseChip summary={summary()} now={NOW} expanded={false} onToggle={() => {}} />);
    const chip = screen.getByRole('button', { name: /^Case history: @Dana_W/ });
    expect(chip).toHaveAccessibleName(
      'Case history: @Dana_W, 2 open cases, last contact 3 days ago, phone +1 555 0100, 4 notes',
    );
    expect(chip).toHaveTextContent('2 cases');
    expect(chip).toHaveTextContent('3 days ago');
    expect(chip).toHaveTextContent('+1 555 0100');
    expect(chip).not.toHaveTextContent('overdue');
    expect(chip).toHaveAttribute('aria-expanded', 'false');
  });

  it('shows an overdue promise prominently', () => {
    render(<CaseChip summary={summary({ overduePromises: 1, nextDue: NOW - DAY })} now={NOW} expanded={false} onToggle={() => {}} />);
    const chip = screen.getByRole('button', { name: /1 overdue promise/ });
    expect(chip).toHaveTextContent('⚠ 1 overdue');
    expect(chip).toHaveClass('cl-chip--overdue');
  });

  it('mentions an upcoming promise when nothing is overdue, and works with no contact or details', () => {
    render(
      <CaseChip
        summary={summary({ openCases: 0, lastContact: null, topDetails: [], notes: 0, nextDue: NOW + 2 * DAY })}
        now={NOW}
        expanded
        onToggle={() => {}}
      />,
    );
    const chip = screen.getByRole('button');
    expect(chip).toHaveAccessibleName('Case history: @Dana_W, 0 open cases, promise due in 2 days');
    expect(chip).toHaveAttribute('aria-expanded', 'true');
  });

  it('calls onToggle when clicked', async () => {
    const onToggle = vi.fn();
    render(<CaseChip summary={summary()} now={NOW} expanded={false} onToggle={onToggle} />);
    await userEvent.click(screen.getByRole('button'));
    expect(onToggle).toHaveBeenCalledTimes(1);
  });
});

describe('AddNoteButton', () => {
  it('is a quiet button to add a note for an unknown author', async () => {
    const onToggle = vi.fn();
    render(<AddNoteButton handle="newbie" expanded={false} onToggle={onToggle} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add case note: @newbie' }));
    expect(onToggle).toHaveBeenCalled();
  });
});
