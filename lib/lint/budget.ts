/**
 * A deadline for the rule being run, checked by long-running matchers (pack patterns) between matches.
 * The engine sets it around each pack rule; past it, `checkDeadline` throws `BudgetExceeded` and the engine
 * turns that rule off for the session with a visible reason. Pure: no DOM, no browser APIs.
 */
export class BudgetExceeded extends Error {
  constructor() {
    super('over the lint time budget');
    this.name = 'BudgetExceeded';
  }
}

let deadline = Infinity;
let clock: () => number = () => performance.now();

/** Used by the engine only. Returns the previous deadline so calls can nest. */
export function setDeadline(at: number, now?: () => number): number {
  const before = deadline;
  deadline = at;
  if (now) clock = now;
  return before;
}

export function checkDeadline(): void {
  if (deadline !== Infinity && clock() > deadline) throw new BudgetExceeded();
}
