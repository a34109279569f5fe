import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionsApp } from '../../../components/pages/OptionsApp';
import { makeEnv, renderWith, type TestEnv } from './helpers';

let env: TestEnv;

beforeEach(async () => {
  window.location.hash = '#/customers';
  env = makeEnv();
  await env.store.createCase({ handle: 'jane_doe', displayName: 'Jane Doe', title: 'Router keeps rebooting', tags: ['hardware'] });
  await env.store.createCase({ handle: 'bob_k', displayName: 'Bob Kowalski', title: 'Double charge' });
  await env.store.addPromise({ handle: 'jane_doe', text: 'Send a replacement router', due: Date.now() - 86_400_000 });
});

afterEach(async () => {
  await env.close();
});

async function openCustomer(user: ReturnType<typeof userEvent.setup>, query: string, handle: string) {
  await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), query);
  const results = await screen.findByRole('list', { name: 'Customers' });
  await user.click(await within(results).findByRole('button', { name: new RegExp(`^@${handle}`) }));
  return screen.findByRole('heading', { name: new RegExp(`^@${handle}`) });
}

describe('options page: customers & cases', () => {
  it('lists customers and narrows the list by handle or display name', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    const list = await screen.findByRole('list', { name: 'Customers' });
    expect(await within(list).findByRole('button', { name: /^@jane_doe/ })).toBeInTheDocument();
    expect(within(list).getByRole('button', { name: /^@bob_k/ })).toBeInTheDocument();

    await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), 'kowal');
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Customers' })).queryByRole('button', { name: /^@jane_doe/ })).toBeNull());
    expect(within(screen.getByRole('list', { name: 'Customers' })).getByRole('button', { name: /^@bob_k/ })).toBeInTheDocument();

    await user.clear(screen.getByRole('searchbox', { name: 'Search customers' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), 'nobody_here');
    expect(await screen.findByText(/No customer matches “nobody_here”/)).toBeInTheDocument();
  });

  it('choosing a customer in the list marks it as the current one and moves the focus to its view', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    const list = await screen.findByRole('list', { name: 'Customers' });
    await user.click(await within(list).findByRole('button', { name: /^@bob_k/ }));
    const heading = await screen.findByRole('heading', { name: /^@bob_k/ });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(within(screen.getByRole('list', { name: 'Customers' })).getByRole('button', { name: /^@bob_k/ })).toHaveAttribute('aria-current', 'true');
    expect(within(screen.getByRole('list', { name: 'Customers' })).getByRole('button', { name: /^@jane_doe/ })).not.toHaveAttribute('aria-current');

    // Another customer: the mark and the focus follow.
    await user.click(within(screen.getByRole('list', { name: 'Customers' })).getByRole('button', { name: /^@jane_doe/ }));
    const jane = await screen.findByRole('heading', { name: /^@jane_doe/ });
    await waitFor(() => expect(jane).toHaveFocus());
    expect(within(screen.getByRole('list', { name: 'Customers' })).getByRole('button', { name: /^@jane_doe/ })).toHaveAttribute('aria-current', 'true');
    expect(within(screen.getByRole('list', { name: 'Customers' })).getByRole('button', { name: /^@bob_k/ })).not.toHaveAttribute('aria-current');
  });

  it('opens a customer from the search and edits a case: status, title, priority and tags are saved', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    await openCustomer(user, 'jane', 'jane_doe');
    expect(window.location.hash).toBe('#/customers/jane_doe');

    const kase = screen.getByRole('form', { name: 'Case Router keeps rebooting' });
    await user.selectOptions(within(kase).getByLabelText('Status of Router keeps rebooting'), 'waiting');
    await waitFor(async () => expect((await env.store.history('jane_doe'))!.cases[0]!.status).toBe('waiting'));

    const title = within(kase).getByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Router reboots every night');
    await user.selectOptions(within(kase).getByLabelText('Priority'), 'urgent');
    const tags = within(kase).getByLabelText('Tags (comma-separated)');
    await user.clear(tags);
    await user.type(tags, 'hardware, replacement');
    await user.click(within(kase).getByRole('button', { name: 'Save case' }));

    await waitFor(async () => {
      const c = (await env.store.history('jane_doe'))!.cases[0]!;
      expect(c).toMatchObject({ title: 'Router reboots every night', priority: 'urgent', tags: ['hardware', 'replacement'], status: 'waiting' });
    });
    expect(await screen.findByRole('form', { name: 'Case Router reboots every night' })).toBeInTheDocument();
  });

  it('adds a note, a detail and a case, marks a promise done, and shows untrusted text as text', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    await openCustomer(user, 'jane', 'jane_doe');

    await user.type(screen.getByLabelText('New note'), '<img src=x onerror=alert(1)> prefers DMs');
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    expect(await screen.findByText('<img src=x onerror=alert(1)> prefers DMs')).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();

    await user.selectOptions(screen.getByLabelText('Detail kind'), 'order');
    await user.type(screen.getByLabelText('Detail value'), 'A-99812');
    await user.click(screen.getByRole('button', { name: 'Add detail' }));
    expect(await screen.findByText('A-99812')).toBeInTheDocument();

    await user.type(screen.getByLabelText('New case title'), 'Refund for May');
    await user.click(screen.getByRole('button', { name: 'Add case' }));
    expect(await screen.findByRole('form', { name: 'Case Refund for May' })).toBeInTheDocument();

    const promise = screen.getByRole('checkbox', { name: /Send a replacement router/ });
    expect(promise).not.toBeChecked();
    expect(within(screen.getByRole('region', { name: 'Promises' })).getByText(/overdue/)).toBeInTheDocument();
    await user.click(promise);
    await waitFor(async () => expect((await env.store.history('jane_doe'))!.promises[0]!.done).toBe(true));
    await waitFor(() => expect(screen.getByRole('checkbox', { name: /Send a replacement router/ })).toBeChecked());

    const h = (await env.store.history('jane_doe'))!;
    expect(h.notes.map((n) => n.text)).toEqual(['<img src=x onerror=alert(1)> prefers DMs']);
    expect(h.details).toEqual([expect.objectContaining({ kind: 'order', value: 'A-99812', source: 'typed' })]);
    expect(h.cases.map((c) => c.title).sort()).toEqual(['Refund for May', 'Router keeps rebooting']);
  });

  it('shows changes made elsewhere (live updates) without reloading', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    await openCustomer(user, 'bob', 'bob_k');
    expect(screen.queryByText('Called from the shop, wants a callback')).toBeNull();
    // Another context (e.g. the side panel) writes through the same API: a change event follows.
    await act(() => env.api.addNote({ handle: 'bob_k', text: 'Called from the shop, wants a callback' }));
    expect(await screen.findByText('Called from the shop, wants a callback')).toBeInTheDocument();
  });

  it('renames a handle and follows it; merges another handle in; deletes after confirmation', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    await openCustomer(user, 'jane', 'jane_doe');

    await user.type(screen.getByLabelText('Rename @jane_doe to'), '@jane_new');
    await user.click(screen.getByRole('button', { name: 'Rename' }));
    expect(await screen.findByRole('heading', { name: /^@jane_new/ })).toBeInTheDocument();
    expect(window.location.hash).toBe('#/customers/jane_new');
    expect((await env.store.history('jane_new'))!.cases[0]!.title).toBe('Router keeps rebooting');

    await user.type(screen.getByLabelText('Merge another handle into @jane_new'), 'bob_k');
    await user.click(screen.getByRole('button', { name: 'Merge' }));
    expect(await screen.findByRole('form', { name: 'Case Double charge' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Delete customer' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Confirm delete' });
    await user.click(within(dialog).getByRole('button', { name: 'Yes, delete @jane_new' }));
    await waitFor(() => expect(window.location.hash).toBe('#/customers'));
    expect(await env.store.history('jane_new')).toBeNull();
  });

  it('follows an old handle to the customer it was renamed to', async () => {
    await env.store.renameCustomer({ from: 'bob_k', to: 'bob_kowalski' });
    window.location.hash = '#/customers/bob_k';
    renderWith(env, <OptionsApp />);
    await waitFor(() => expect(window.location.hash).toBe('#/customers/bob_kowalski'));
    expect(await screen.findByRole('heading', { name: /^@bob_kowalski/ })).toBeInTheDocument();
    expect(await screen.findByRole('form', { name: 'Case Double charge' })).toBeInTheDocument();
  });

  it('shows the store’s error when an edit is refused, and keeps what was typed', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    await openCustomer(user, 'jane', 'jane_doe');
    await user.type(screen.getByLabelText('Rename @jane_doe to'), 'bob_k');
    await user.click(screen.getByRole('button', { name: 'Rename' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/bob_k/i);
    expect(screen.getByLabelText('Rename @jane_doe to')).toHaveValue('bob_k');
    expect(screen.getByRole('heading', { name: /^@jane_doe/ })).toBeInTheDocument();
  });
});

describe('options page: who owns a case (team)', () => {
  /** Signed in to a team as @agent_b: the background's history answer carries `me` (entrypoints/background/team.ts). */
  function asAgent(me: string) {
    env.store.setActor(() => me);
    const history = env.services.api.history.bind(env.services.api);
    env.services.api = { ...env.services.api, history: async (h: string) => {
      const got = await history(h);
      return got ? { ...got, me } : got;
    } };
  }

  it('takes a case from another agent only with a handoff note, stored as a note the next agent reads', async () => {
    const kase = (await env.store.history('bob_k'))!.cases[0]!;
    await env.store.assignCase({ id: kase.id, assignee: 'agent_a' });
    asAgent('agent_b');
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    await openCustomer(user, 'bob', 'bob_k');
    const owner = await screen.findByRole('group', { name: 'Who owns this case' });
    expect(owner).toHaveTextContent('Assigned to @agent_a');
    // Not without a note: the button stays disabled until there is one.
    await user.click(within(owner).getByRole('button', { name: 'Assign to me' }));
    const take = within(owner).getByRole('button', { name: 'Take the case' });
    expect(take).toBeDisabled();
    await user.type(within(owner).getByLabelText('Handoff note'), 'Refund of $40 promised by Friday');
    await user.click(take);
    await waitFor(() => expect(screen.getByRole('group', { name: 'Who owns this case' })).toHaveTextContent('Assigned to you'));
    const after = (await env.store.history('bob_k'))!;
    expect(after.cases[0]!.assignee).toBe('agent_b');
    expect(after.notes.map((n) => n.text)).toContain('Handoff from @agent_a to @agent_b: Refund of $40 promised by Friday');
    expect(await screen.findByText('Handoff from @agent_a to @agent_b: Refund of $40 promised by Friday')).toBeInTheDocument();
  });

  it('hands a case to another agent and unassigns it; a solved case has no owner bar', async () => {
    asAgent('agent_b');
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    await openCustomer(user, 'bob', 'bob_k');
    const owner = await screen.findByRole('group', { name: 'Who owns this case' });
    expect(owner).toHaveTextContent('Unassigned');
    await user.click(within(owner).getByRole('button', { name: 'Hand to…' }));
    await user.type(within(owner).getByLabelText('Agent'), '@agent_c');
    await user.type(within(owner).getByLabelText('Handoff note'), 'Waiting for the bank');
    await user.click(within(owner).getByRole('button', { name: 'Hand over' }));
    await waitFor(() => expect(screen.getByRole('group', { name: 'Who owns this case' })).toHaveTextContent('Assigned to @agent_c'));
    expect((await env.store.history('bob_k'))!.cases[0]!.assignee).toBe('agent_c');

    const kase = (await env.store.history('bob_k'))!.cases[0]!;
    await act(async () => {
      await env.api.assignCase({ id: kase.id, assignee: 'agent_b', handoff: 'Back to you' });
    });
    await user.click(await within(await screen.findByRole('group', { name: 'Who owns this case' })).findByRole('button', { name: 'Unassign' }));
    await waitFor(() => expect(screen.getByRole('group', { name: 'Who owns this case' })).toHaveTextContent('Unassigned'));

    await act(async () => {
      await env.api.updateCase({ id: kase.id, patch: { status: 'solved' } });
    });
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Who owns this case' })).toBeNull());
  });

  it('shows no owner bar outside a team', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <OptionsApp />);
    await openCustomer(user, 'bob', 'bob_k');
    await screen.findByRole('form', { name: 'Case Double charge' });
    expect(screen.queryByRole('group', { name: 'Who owns this case' })).toBeNull();
  });
});
