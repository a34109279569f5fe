import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SidePanelApp, usePanelStore, type FocusService } from '../../../components/pages/SidePanelApp';
import type { FocusEntry } from '../../../lib/messaging/protocol';
import { makeEnv, renderWith, type TestEnv } from './helpers';

let env: TestEnv;

/** A focus source like the background's: a current value and change events. */
function fakeFocus(initial: FocusEntry | null) {
  let current = initial;
  const listeners = new Set<(e: { tabId: number; focus: FocusEntry | null }) => void>();
  const service: FocusService = {
    get: async () => current,
    watch: (cb, signal) => {
      listeners.add(cb);
      signal.addEventListener('abort', () => listeners.delete(cb));
    },
  };
  return {
    service,
    emit(focus: FocusEntry | null, tabId = 1) {
      if (focus) current = focus;
      act(() => listeners.forEach((l) => l({ tabId, focus })));
    },
  };
}

const entry = (handle: string, tweetId: string, text: string, mode: 'reply' | 'select' = 'reply'): FocusEntry => ({
  tabId: 1,
  at: Date.now(),
  tweetId,
  handle,
  displayName: handle.toUpperCase(),
  text,
  url: `https://x.com/${handle}/status/${tweetId}`,
  mode,
});

beforeEach(async () => {
  usePanelStore.setState({ focus: null, manual: null });
  env = makeEnv();
  await env.store.createCase({ handle: 'jane_doe', displayName: 'Jane Doe', title: 'Router keeps rebooting' });
  await env.store.addPromise({ handle: 'jane_doe', text: 'Call back Friday', due: null });
  await env.store.createCase({ handle: 'bob_k', displayName: 'Bob', title: 'Double charge' });
});
afterEach(async () => {
  await env.close();
});

describe('side panel in a team', () => {
  it('says who else is on the customer shown, and reports that this panel is viewing them', async () => {
    const focus = fakeFocus(entry('jane_doe', '111', 'my router died again'));
    const viewing: Array<string | null> = [];
    let push: (e: import('../../../lib/sync/presence').PresenceEntry[]) => void = () => {};
    env.services.presence = {
      get: async () => [{ agent: 'agent_b', key: 'jane_doe', mode: 'replying', at: Date.now() - 20_000 }],
      watch: (cb) => {
        push = cb;
      },
      viewing: (h) => viewing.push(h),
    };
    renderWith(env, <SidePanelApp focus={focus.service} />);
    const list = await screen.findByRole('list', { name: 'Other agents on this customer' });
    expect(list).toHaveTextContent('@agent_b is replying · 20 s');
    expect(viewing).toContain('jane_doe');
    act(() => push([{ agent: 'agent_b', key: 'jane_doe', mode: 'viewed', at: Date.now() - 120_000 }, { agent: 'agent_c', key: 'bob_k', mode: 'viewing', at: Date.now() }]));
    expect(screen.getByRole('list', { name: 'Other agents on this customer' })).toHaveTextContent('@agent_b viewed 2 min ago');
    expect(screen.getByRole('list', { name: 'Other agents on this customer' })).not.toHaveTextContent('agent_c');
  });
});

describe('side panel with nothing focused', () => {
  it('lists customers with overdue promises first, then recent ones, instead of "No customers yet"', async () => {
    await env.store.addPromise({ handle: 'bob_k', text: 'Refund the double charge', due: Date.now() - 3_600_000 });
    const focus = fakeFocus(null);
    renderWith(env, <SidePanelApp focus={focus.service} />);
    const overdue = await screen.findByRole('region', { name: 'Overdue promises' });
    expect(within(overdue).getByRole('listitem')).toHaveTextContent('@bob_k Bob 1 overdue · 1 open case');
    expect(within(screen.getByRole('region', { name: 'Recent customers' })).getByRole('listitem')).toHaveTextContent('@jane_doe');
    expect(screen.queryByText(/No customers yet/)).toBeNull();
    await userEvent.setup().click(within(overdue).getByRole('button', { name: '@bob_k' }));
    expect(await screen.findByRole('heading', { name: /^@bob_k/ })).toBeInTheDocument();
  });
});

describe('side panel', () => {
  it('shows the case of the focused tweet’s author and follows the focus to another tweet', async () => {
    const focus = fakeFocus(entry('jane_doe', '111', 'my router died again'));
    renderWith(env, <SidePanelApp focus={focus.service} />);
    expect(await screen.findByRole('heading', { name: /^@jane_doe/ })).toBeInTheDocument();
    expect(screen.getByText('my router died again')).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Case Router keeps rebooting' })).toBeInTheDocument();

    focus.emit(entry('bob_k', '222', 'charged twice!'));
    expect(await screen.findByRole('heading', { name: /^@bob_k/ })).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Case Double charge' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: /^@jane_doe/ })).toBeNull();

    // A tab clearing its focus keeps the last case on screen.
    focus.emit(null);
    expect(screen.getByRole('heading', { name: /^@bob_k/ })).toBeInTheDocument();
  });

  it('edits from the panel: note, detail, promise, case status, promise done', async () => {
    const user = userEvent.setup({ delay: null });
    const focus = fakeFocus(entry('jane_doe', '111', 'my router died again'));
    renderWith(env, <SidePanelApp focus={focus.service} />);
    await screen.findByRole('heading', { name: /^@jane_doe/ });

    await user.type(screen.getByLabelText('New note'), 'Second outage this week');
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    expect(await screen.findByText('Second outage this week')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Detail kind'), 'device');
    await user.type(screen.getByLabelText('Detail value'), 'Fritz 7590');
    await user.click(screen.getByRole('button', { name: 'Add detail' }));
    expect(await screen.findByText('Fritz 7590')).toBeInTheDocument();

    await user.type(screen.getByLabelText('New promise'), 'Send a technician');
    await user.selectOptions(screen.getByLabelText('For case'), 'Router keeps rebooting');
    await user.click(screen.getByRole('button', { name: 'Add promise' }));
    expect(await screen.findByRole('checkbox', { name: /Send a technician/ })).not.toBeChecked();

    await user.selectOptions(screen.getByLabelText('Status of Router keeps rebooting'), 'solved');
    await user.click(screen.getByRole('checkbox', { name: /Call back Friday/ }));

    await waitFor(async () => {
      const h = (await env.store.history('jane_doe'))!;
      expect(h.cases[0]!.status).toBe('solved');
      expect(h.promises.find((p) => p.text === 'Call back Friday')!.done).toBe(true);
      expect(h.promises.find((p) => p.text === 'Send a technician')!.caseId).toBe(h.cases[0]!.id);
      expect(h.notes.map((n) => n.text)).toEqual(['Second outage this week']);
      expect(h.details).toEqual([expect.objectContaining({ kind: 'device', value: 'Fritz 7590' })]);
    });
  });

  it('starts a history for an unknown author from the panel', async () => {
    const user = userEvent.setup({ delay: null });
    const focus = fakeFocus(entry('new_person', '333', 'hello?'));
    renderWith(env, <SidePanelApp focus={focus.service} />);
    expect(await screen.findByText(/No history for @new_person yet/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('New case title'), 'First contact');
    await user.click(screen.getByRole('button', { name: 'Add case' }));
    expect(await screen.findByRole('form', { name: 'Case First contact' })).toBeInTheDocument();
    expect((await env.store.history('new_person'))?.customer.displayName).toBe('NEW_PERSON');
  });

  it('opens any customer from the search and goes back to the focused tweet', async () => {
    const user = userEvent.setup({ delay: null });
    const focus = fakeFocus(entry('jane_doe', '111', 'my router died again'));
    renderWith(env, <SidePanelApp focus={focus.service} />);
    await screen.findByRole('heading', { name: /^@jane_doe/ });
    await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), 'bob');
    const list = await screen.findByRole('list', { name: 'Customers' });
    await user.click(within(list).getByRole('button', { name: /^@bob_k/ }));
    expect(await screen.findByRole('heading', { name: /^@bob_k/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Back to @jane_doe/ }));
    expect(await screen.findByRole('heading', { name: /^@jane_doe/ })).toBeInTheDocument();
  });
});
