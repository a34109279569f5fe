import { screen, waitFor, within } from '@testing-library/react';
import { renderWithFullTools as render } from './card-tools';
import userEvent from '@testing-library/user-event';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CaseApi } from '../../../lib/cases/api';
import { buildTimeline, CaseCard } from '../../../components/inpage/CaseCard';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import type { XTweet } from '../../../lib/x/types';
import type { FeatureEnv } from '../../../entrypoints/content/env';
import { mountChip, type MountedChip } from './chips-harness';
import { registerLintEngine } from '../../../entrypoints/content/lint/engine';
import { LINT_ENGINE_KEY } from '../../../entrypoints/content/lint/load';

const NOW = Date.UTC(2026, 1, 13, 12, 0, 0);
const HOUR = 3_600_000;

let n = 0;

// The card shows times relative to now: the clock reads NOW (timers stay real, as the feature's lookups need).
const mounted: MountedChip[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  for (const m of mounted.splice(0)) m.dispose();
  vi.useRealTimers();
});

/** The production chip on `tweet`, with the case API `api` (see chips-harness.ts). */
function chipOn(api: CaseApi, over: Partial<FeatureEnv> = {}): MountedChip {
  // The card as it is once the lint engine is loaded (phones formatted, details found in the tweet): in production
  // the background injects it on the first card or composer; here it is registered as that injection does.
  registerLintEngine();
  onTestFinished(() => void delete (globalThis as Record<symbol, unknown>)[LINT_ENGINE_KEY]);
  const m = mountChip(api, tweet, over);
  mounted.push(m);
  return m;
}

/**
 * The card the feature opens, rendered on its own in the document: for the tests that type. In jsdom, text typed
 * into the card inside the feature's shadow layer never reaches React's change handlers (the input event stops
 * before the form; not seen in Chromium, where tests/e2e/inpage.e2e.ts types into the same card). Opening it from
 * the chip, Escape and focus are tested through the feature above.
 */
function cardFor(api: CaseApi, handle = 'Dana_W') {
  render(<CaseCard api={api} handle={handle} displayName={tweet.author.displayName} tweet={tweet} onClose={() => {}} />);
  return { card: screen.getByRole('dialog') };
}

/** The chip's host's shadow root has focus on the chip. */
async function expectChipFocused(m: MountedChip) {
  const chip = await m.chip();
  expect((chip.getRootNode() as ShadowRoot).activeElement).toBe(chip);
}

function freshStore(): CaseStore {
  return new CaseStore(new CaselintDB(`card-test-${++n}-${Math.random()}`), { now: () => NOW });
}

const tweet: XTweet = {
  id: '1889999999999999999',
  author: { handle: 'Dana_W', displayName: 'Dana W' },
  text: 'Still no signal at home, call me on 555 0100 please',
  time: new Date(NOW - HOUR).toISOString(),
  replyingTo: ['AcmeCares'],
  mentions: [],
  isFocal: true,
  quoted: null,
  url: 'https://x.com/Dana_W/status/1889999999999999999',
};

async function seeded() {
  const store = freshStore();
  const c = await store.createCase({ handle: 'Dana_W', displayName: 'Dana W', title: 'No signal at home' });
  await store.addNote({ handle: 'Dana_W', text: 'Tower work in her area until Friday', caseId: c.id });
  await store.addPromise({ handle: 'Dana_W', text: 'Call back with engineer visit time', due: NOW - 2 * HOUR, caseId: c.id });
  await store.addDetail({ handle: 'Dana_W', kind: 'phone', value: '555 0100', source: 'typed' });
  const summary = (await store.summaries(['Dana_W']))['dana_w'] ?? (await store.summaries(['Dana_W']))['Dana_W'];
  if (!summary) throw new Error('store returned no summary for a seeded customer');
  return { store, summary, caseId: c.id };
}

/** The seeded customer's chip clicked open: the user, the chip and the card. */
async function openSeededCard() {
  const { store, summary } = await seeded();
  const user = userEvent.setup();
  const m = chipOn(store);
  const chip = await m.chip();
  expect(chip).toHaveAccessibleName(expect.stringMatching(/^Case history: @Dana_W/));
  expect(summary.openCases).toBe(1);
  await user.click(chip);
  const card = await m.cards().findByRole('dialog', { name: /Case history: @Dana_W/ });
  return { store, user, m, chip, card };
}

/** In an open card: Add note, type `text`, Save note. */
async function addNote(user: ReturnType<typeof userEvent.setup>, card: HTMLElement, text: string) {
  await user.click(within(card).getByRole('button', { name: 'Add note' }));
  await user.type(within(card).getByLabelText('Note'), text);
  await user.click(within(card).getByRole('button', { name: 'Save note' }));
  // The save is asynchronous: wait for what the agent sees when it is done, so no update lands after the test moved on.
  await waitFor(() => expect(within(card).getByRole('status')).toHaveTextContent('Note saved.'));
}

describe('case card', () => {
  it('opens from the chip with the timeline, overdue promise highlighted; Escape closes and focus returns to the chip', async () => {
    const { user, m, card } = await openSeededCard();
    const timeline = await within(card).findByRole('list', { name: 'Timeline of @Dana_W' });
    expect(timeline).toHaveTextContent('Tower work in her area until Friday');
    expect(timeline).toHaveTextContent('No signal at home');
    expect(timeline).toHaveTextContent('555 0100');
    const promise = within(timeline).getByText('Call back with engineer visit time').closest('li')!;
    expect(promise).toHaveClass('cl-entry--overdue');
    expect(promise).toHaveTextContent('OVERDUE');

    await user.keyboard('{Escape}');
    expect(m.cards().queryByRole('dialog')).not.toBeInTheDocument();
    await expectChipFocused(m);
  });

  it('Escape after a sub-form closes it, and the next Escape closes the card (focus never drops out of the card)', async () => {
    const { user, m, card } = await openSeededCard();
    await user.click(within(card).getByRole('button', { name: 'Add promise' }));
    await user.click(within(card).getByLabelText('Promise'));
    await user.keyboard('{Escape}');
    expect(within(card).queryByLabelText('Promise')).toBeNull();
    expect(card.contains((card.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(m.cards().queryByRole('dialog')).not.toBeInTheDocument();
    await expectChipFocused(m);
  });

  it('adds a note that is stored and shown', async () => {
    const { store } = await seeded();
    const user = userEvent.setup();
    const { card } = cardFor(store);
    await addNote(user, card, 'Offered a signal booster');
    await within(card).findByText('Offered a signal booster');
    const history = await store.history('dana_w');
    expect(history?.notes.map((x) => x.text)).toContain('Offered a signal booster');
    // Filed under the open case by default.
    expect(history?.notes.find((x) => x.text === 'Offered a signal booster')?.caseId).toBe(history?.cases[0]?.id);
  });

  it('files a note under the open case even when the form was opened before the history had loaded', async () => {
    const { store, summary, caseId } = await seeded();
    // The card's history answers only when released: the agent opens the note form first.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = Object.create(store) as CaseStore;
    slow.history = async (h: string) => {
      await gate;
      return store.history(h);
    };
    const user = userEvent.setup();
    const { card } = cardFor(slow);
    await user.click(within(card).getByRole('button', { name: 'Add note' }));
    await user.type(within(card).getByLabelText('Note'), 'Booster posted');
    release();
    // Save only once the history (and its open case) has arrived under the open form.
    await within(card).findByText('Tower work in her area until Friday');
    await user.click(within(card).getByRole('button', { name: 'Save note' }));
    await waitFor(() => expect(within(card).getByRole('status')).toHaveTextContent('Note saved.'));
    await within(card).findByText('Booster posted');
    const history = await store.history('dana_w');
    expect(history?.notes.find((x) => x.text === 'Booster posted')?.caseId).toBe(caseId);
  });

  it('an unknown author has the quiet "+ note" button, which opens an empty card', async () => {
    const store = freshStore();
    const user = userEvent.setup();
    const m = chipOn(store);
    const add = await m.chip();
    expect(add).toHaveAccessibleName('Add case note: @Dana_W');
    expect(add).toHaveTextContent('+ note');
    await user.click(add);
    const card = await m.cards().findByRole('dialog', { name: /Case history: @Dana_W/ });
    await within(card).findByText('No history for @Dana_W yet.');
  });

  it('lets an unknown author get a first note', async () => {
    const store = freshStore();
    const user = userEvent.setup();
    const { card } = cardFor(store);
    await within(card).findByText('No history for @Dana_W yet.');
    await addNote(user, card, 'First contact');
    await within(card).findByText('First contact');
    expect((await store.summaries(['dana_w']))).not.toEqual({});
  });

  it('attaches this tweet to a new case', async () => {
    const store = freshStore();
    const user = userEvent.setup();
    const { card } = cardFor(store);
    await user.click(within(card).getByRole('button', { name: 'Attach this tweet' }));
    // No cases yet: "New case…" is pre-selected.
    await user.type(within(card).getByLabelText('New case title'), 'Signal outage');
    await user.click(within(card).getByRole('button', { name: 'Attach tweet' }));
    await within(card).findByText(tweet.text);
    const h = await store.history('Dana_W');
    expect(h?.cases.map((c) => c.title)).toEqual(['Signal outage']);
    expect(h?.interactions).toHaveLength(1);
    expect(h?.interactions[0]).toMatchObject({ tweetId: tweet.id, caseId: h?.cases[0]?.id, kind: 'customer-tweet' });
  });

  it('saves the text the agent selected in the tweet as a known detail with a guessed kind', async () => {
    const store = freshStore();
    const user = userEvent.setup();
    const m = chipOn(store);
    // The agent selects the phone number in the tweet's text, then opens the card.
    const node = m.text.firstChild!;
    const at = tweet.text.indexOf('555 0100');
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + '555 0100'.length);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    await user.click(await m.chip());
    const card = await m.cards().findByRole('dialog');
    await user.click(within(card).getByRole('button', { name: 'Save selection as detail' }));
    expect(within(card).getByLabelText('Kind')).toHaveValue('phone');
    expect(within(card).getByLabelText('Value')).toHaveValue('555 0100');
    await user.click(within(card).getByRole('button', { name: 'Save detail' }));
    await within(card).findByText('Detail: phone');
    const h = await store.history('Dana_W');
    expect(h?.details[0]).toMatchObject({ kind: 'phone', value: '555 0100', source: 'tweet', sourceRef: tweet.id });
  });

  it('adds a promise with a due time', async () => {
    const { store } = await seeded();
    const user = userEvent.setup();
    const { card } = cardFor(store);
    await user.click(within(card).getByRole('button', { name: 'Add promise' }));
    await user.type(within(card).getByLabelText('Promise'), 'DM the refund reference');
    await user.type(within(card).getByLabelText('Due'), '2026-02-20T10:00');
    await user.click(within(card).getByRole('button', { name: 'Save promise' }));
    await within(card).findAllByText('DM the refund reference');
    const p = (await store.history('Dana_W'))?.promises.find((x) => x.text === 'DM the refund reference');
    expect(p?.due).toBe(new Date('2026-02-20T10:00').getTime());
  });

  it('shows a clear error and keeps the typed note when saving fails', async () => {
    const { store } = await seeded();
    const failing = Object.assign(Object.create(store) as CaseStore, {
      addNote: () => Promise.reject(new Error('Storage is full')),
    });
    const user = userEvent.setup();
    const { card } = cardFor(failing);
    await user.click(within(card).getByRole('button', { name: 'Add note' }));
    await user.type(within(card).getByLabelText('Note'), 'Important');
    await user.click(within(card).getByRole('button', { name: 'Save note' }));
    expect(await within(card).findByRole('alert')).toHaveTextContent('Note was not saved: Storage is full');
    expect(within(card).getByLabelText('Note')).toHaveValue('Important');
  });

  it('reloads when the background says the customer changed (a change from another tab)', async () => {
    const { store } = await seeded();
    const user = userEvent.setup();
    const m = chipOn(store);
    await user.click(await m.chip());
    const card = await m.cards().findByRole('dialog');
    await within(card).findByText('Tower work in her area until Friday');
    await store.addNote({ handle: 'Dana_W', text: 'Written elsewhere' });
    await m.casesChanged(['Dana_W']);
    await waitFor(() => expect(within(card).getByText('Written elsewhere')).toBeInTheDocument());
  });

  it('says how to open the side panel when the browser refuses to open it from the card (Firefox)', async () => {
    const { store } = await seeded();
    const user = userEvent.setup();
    const asked: string[] = [];
    // The card focuses its tweet for the side panel, then asks to open it; Firefox refuses.
    const m = chipOn(store, {
      focusTweet: (t) => asked.push(t.id),
      openSidePanel: async () => ({ opened: false, error: 'sidebarAction.open may only be called from a user input handler' }),
    });
    await user.click(await m.chip());
    const card = await m.cards().findByRole('dialog');
    await within(card).findByText('Tower work in her area until Friday');
    await user.click(within(card).getByRole('button', { name: 'Open in side panel' }));
    await waitFor(() => expect(within(card).getByRole('status')).toHaveTextContent("click Caselint's toolbar button (in Firefox also View → Sidebar → Caselint)"));
    // Once when the card opened (the side panel follows it), once for the button.
    expect(asked).toEqual([tweet.id, tweet.id]);
  });
});

describe('case card: what matters now', () => {
  it('pins open promises above everything, overdue first in red, with Done and Reschedule; details formatted with Copy', async () => {
    const store = freshStore();
    await store.addPromise({ handle: 'Dana_W', text: 'Send the engineer slot', due: NOW + 5 * HOUR });
    await store.addPromise({ handle: 'Dana_W', text: 'Call back about the bill', due: NOW - 2 * HOUR });
    await store.addDetail({ handle: 'Dana_W', kind: 'phone', value: '+16175550148', source: 'typed' });
    const summary = (await store.summaries(['Dana_W'])).dana_w!;
    const user = userEvent.setup();
    const m = chipOn(store);
    await user.click(await m.chip());
    const card = await m.cards().findByRole('dialog', { name: /Case history: @Dana_W/ });
    const pinned = await within(card).findByRole('list', { name: 'Open promises' });
    const rows = within(pinned).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringMatching(/^OVERDUE 2 h ago Call back about the bill/), expect.stringMatching(/^Due in 5 h Send the engineer slot/)]);
    expect(rows[0]).toHaveClass('cl-now__promise--overdue');
    // Pinned before the case actions and the timeline.
    const actions = within(card).getByRole('group', { name: 'Case actions' });
    expect(pinned.compareDocumentPosition(actions) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(card).getByRole('list', { name: 'Known details' })).toHaveTextContent('phone +1 617 555 0148 Copy');

    await user.click(within(pinned).getByRole('button', { name: 'Done: Call back about the bill' }));
    await waitFor(() => expect(within(card).getByRole('list', { name: 'Open promises' }).textContent).not.toContain('Call back about the bill'));
    expect((await store.history('Dana_W'))!.promises.find((p) => p.text === 'Call back about the bill')!.done).toBe(true);

    await user.click(within(card).getByRole('button', { name: 'Reschedule: Send the engineer slot' }));
    await user.type(within(card).getByLabelText('New due time'), '2026-02-14T09:30');
    await user.click(within(card).getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await store.history('Dana_W'))!.promises.find((p) => p.text === 'Send the engineer slot')!.due).toBe(new Date('2026-02-14T09:30').getTime()));
  });
});

describe('case card in a team', () => {
  it('says which agent wrote each record and when, and marks changes the team server has not confirmed', async () => {
    let clock = NOW - 3 * 60_000;
    const db = new CaselintDB(`card-team-${++n}-${Math.random()}`);
    const store = new CaseStore(db, { now: () => clock, actor: () => 'agent_b' });
    const note = await store.addNote({ handle: 'Dana_W', text: 'Engineer booked for Thursday' });
    await store.addPromise({ handle: 'Dana_W', text: 'Text her the time slot', due: NOW + 5 * HOUR });
    clock = NOW - 60_000;
    store.setActor(() => 'agent_a');
    await store.updateNote({ id: note.id, text: 'Engineer booked for Thursday 9-12' });
    const summary = (await store.summaries(['Dana_W'])).dana_w!;
    // The background adds `unsynced` to the history while the server has not confirmed this browser's changes.
    const api = Object.assign(Object.create(store) as CaseStore, {
      history: async (h: string) => ({ ...(await store.history(h))!, unsynced: true }),
    });
    const user = userEvent.setup();
    const m = chipOn(api);
    await user.click(await m.chip());
    const card = await m.cards().findByRole('dialog', { name: /Case history: @Dana_W/ });
    const timeline = await within(card).findByRole('list', { name: 'Timeline of @Dana_W' });
    const noteEntry = within(timeline).getByText('Engineer booked for Thursday 9-12').closest('li')!;
    expect(noteEntry).toHaveTextContent('Note by @agent_b');
    expect(noteEntry).toHaveTextContent('3 min ago · edited 1 min ago');
    expect(within(timeline).getByText('Text her the time slot').closest('li')!).toHaveTextContent('by @agent_b');
    expect(card).toHaveTextContent('Saved in this browser, not yet on the team server');
  });

  it('taking a case from another agent asks for a handoff note, then the card says it is mine and shows the note', async () => {
    let actor = 'agent_b';
    const db = new CaselintDB(`card-assign-${++n}-${Math.random()}`);
    const store = new CaseStore(db, { now: () => NOW, actor: () => actor });
    const c = await store.createCase({ handle: 'Dana_W', title: 'No signal at home' });
    await store.assignCase({ id: c.id, assignee: 'agent_b' });
    actor = 'agent_a';
    const summary = (await store.summaries(['Dana_W'])).dana_w!;
    expect(summary.assignee).toBe('agent_b');
    const api = Object.assign(Object.create(store) as CaseStore, {
      history: async (h: string) => ({ ...(await store.history(h))!, me: 'agent_a' }),
    });
    const user = userEvent.setup();
    const m = chipOn(api);
    expect(await m.chip()).toHaveTextContent('→ @agent_b');
    await user.click(await m.chip());
    const card = await m.cards().findByRole('dialog', { name: /Case history: @Dana_W/ });
    const owner = await within(card).findByRole('group', { name: 'Who owns this case' });
    expect(owner).toHaveTextContent('Assigned to @agent_b');
    await user.click(within(owner).getByRole('button', { name: 'Assign to me' }));
    const take = within(owner).getByRole('button', { name: 'Take the case' });
    expect(take).toBeDisabled();
    await user.type(within(owner).getByLabelText('Handoff note'), 'Engineer visit promised for Thursday');
    await user.click(take);
    await waitFor(() => expect(within(card).getByRole('group', { name: 'Who owns this case' })).toHaveTextContent('Assigned to you'));
    expect(await within(card).findByText('Handoff from @agent_b to @agent_a: Engineer visit promised for Thursday')).toBeInTheDocument();
  });

  it('shows no author and no unsynced mark for an agent working alone', async () => {
    const { store } = await seeded();
    const user = userEvent.setup();
    const m = chipOn(store);
    await user.click(await m.chip());
    const card = await m.cards().findByRole('dialog', { name: /Case history: @Dana_W/ });
    await within(card).findByRole('list', { name: 'Timeline of @Dana_W' });
    expect(card).not.toHaveTextContent(' by @');
    expect(card).not.toHaveTextContent('not yet on the team server');
    expect(within(card).queryByRole('group', { name: 'Who owns this case' })).toBeNull();
  });
});

describe('buildTimeline', () => {
  it('orders everything newest first and flags only undone past-due promises', async () => {
    const { store } = await seeded();
    const h = (await store.history('Dana_W'))!;
    const done = await store.addPromise({ handle: 'Dana_W', text: 'old', due: NOW - 10 * HOUR });
    await store.setPromiseDone({ id: done.id, done: true });
    const t = buildTimeline((await store.history('Dana_W'))!, NOW);
    expect(t.filter((e) => e.overdue).map((e) => e.text)).toEqual(['Call back with engineer visit time']);
    for (let i = 1; i < t.length; i++) expect(t[i - 1]!.at).toBeGreaterThanOrEqual(t[i]!.at);
    expect(t).toHaveLength(h.cases.length + h.notes.length + h.details.length + h.promises.length + 1);
  });
});

describe('case card from the keyboard', () => {
  it('the "open card" shortcut opens the card of the tweet holding the focus (X\'s j/k), and Tab past its last control returns to the tweet', async () => {
    const { store } = await seeded();
    const user = userEvent.setup();
    const m = chipOn(store);
    await m.chip();
    // X's j/k moves the focus to the tweet's article.
    m.article.focus();
    await m.command('open-card');
    const card = await m.cards().findByRole('dialog', { name: /Case history: @Dana_W/ });
    // The card takes the focus once it is drawn (the focus moves in a frame after the render).
    await waitFor(() => expect((card.getRootNode() as ShadowRoot).activeElement).toBe(card));
    expect(await m.chip()).toHaveAttribute('aria-expanded', 'true');
    await within(card).findByRole('list', { name: 'Timeline of @Dana_W' });
    const controls = within(card).getAllByRole('button');
    controls.at(-1)!.focus();
    await user.tab();
    await expectChipFocused(m);
    // The card stays open; Escape from it still closes it.
    expect(m.cards().queryByRole('dialog')).toBeInTheDocument();
  });

  it('the shortcut does nothing when no tweet has the focus', async () => {
    const { store } = await seeded();
    const m = chipOn(store);
    await m.chip();
    (document.activeElement as HTMLElement | null)?.blur();
    await m.command('open-card');
    await new Promise((r) => setTimeout(r, 50));
    expect(m.cards().queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('ignores a look-alike command sent from a tab (only the background forwards the browser\'s shortcuts)', async () => {
    const { store } = await seeded();
    const m = chipOn(store);
    await m.chip();
    m.article.focus();
    await fakeBrowser.runtime.onMessage.trigger({ caselint: 'command', name: 'open-card' }, { id: fakeBrowser.runtime.id, tab: { id: 3 } as Browser.tabs.Tab }, () => {});
    await new Promise((r) => setTimeout(r, 50));
    expect(m.cards().queryByRole('dialog')).not.toBeInTheDocument();
  });
});
