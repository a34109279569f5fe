import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CustomerView } from '../../../components/pages/CustomerView';
import { makeEnv, renderWith, type TestEnv } from './helpers';

let env: TestEnv;
/** Local times, as the agent types them into a datetime-local input. */
const FRIDAY = '2020-03-06T17:00';
const MONDAY = '2099-03-09T10:30';
const local = (s: string) => new Date(s).getTime();

beforeEach(async () => {
  env = makeEnv();
  await env.store.addPromise({ handle: 'jane_doe', displayName: 'Jane Doe', text: "I'll DM you by Friday", due: local(FRIDAY) });
  const done = await env.store.addPromise({ handle: 'jane_doe', text: 'Send the label', due: local(FRIDAY) });
  await env.store.setPromiseDone({ id: done.id, done: true });
});
afterEach(async () => {
  await env.close();
});

async function promises() {
  await screen.findByRole('heading', { name: /^@jane_doe/ });
  return screen.getByRole('region', { name: 'Promises' });
}

describe('editing a promise (options page and side panel)', () => {
  it('reschedules an overdue promise and changes its text: the form is prefilled, the list and the store follow', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <CustomerView handle="jane_doe" full />);
    const section = await promises();
    expect(within(section).getByText(/overdue/)).toBeInTheDocument();
    // Only the open promise can be edited.
    expect(within(section).getAllByRole('button', { name: /^Edit promise/ })).toHaveLength(1);

    await user.click(within(section).getByRole('button', { name: "Edit promise I'll DM you by Friday" }));
    const form = within(section).getByRole('form', { name: "Edit promise I'll DM you by Friday" });
    const text = within(form).getByLabelText('Promise text');
    const due = within(form).getByLabelText('Due time');
    expect(text).toHaveValue("I'll DM you by Friday");
    expect(text).toHaveFocus();
    expect(due).toHaveValue(FRIDAY);

    await user.clear(text);
    await user.type(text, "I'll DM you by Monday");
    await user.clear(due);
    await user.type(due, MONDAY);
    await user.click(within(form).getByRole('button', { name: 'Save promise' }));

    await waitFor(() => expect(within(section).queryByRole('form')).toBeNull());
    expect(await within(section).findByRole('checkbox', { name: /I'll DM you by Monday/ })).not.toBeChecked();
    expect(within(section).queryByText(/overdue/)).toBeNull();
    const h = (await env.store.history('jane_doe'))!;
    expect(h.promises.filter((p) => !p.done)).toEqual([expect.objectContaining({ text: "I'll DM you by Monday", due: local(MONDAY) })]);
    expect(h.promises).toHaveLength(2);
    expect((await env.store.summaries(['jane_doe'])).jane_doe).toMatchObject({ overduePromises: 0, nextDue: local(MONDAY) });
  });

  it('works from the keyboard; Escape and Cancel save nothing; an emptied due time means no due date', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <CustomerView handle="jane_doe" />);
    const section = await promises();
    const edit = within(section).getByRole('button', { name: /^Edit promise/ });
    edit.focus();
    await user.keyboard('{Enter}');
    const text = within(section).getByLabelText('Promise text');
    expect(text).toHaveFocus();
    await user.type(text, ' (typo)');
    await user.keyboard('{Escape}');
    expect(within(section).queryByRole('form')).toBeNull();
    expect(within(section).getByRole('button', { name: /^Edit promise/ })).toHaveFocus();

    await user.keyboard('{Enter}');
    expect(within(section).getByLabelText('Promise text')).toHaveValue("I'll DM you by Friday");
    await user.click(within(section).getByRole('button', { name: 'Cancel' }));
    expect((await env.store.history('jane_doe'))!.promises.find((p) => !p.done)).toMatchObject({ text: "I'll DM you by Friday", due: local(FRIDAY) });

    await user.click(within(section).getByRole('button', { name: /^Edit promise/ }));
    await user.clear(within(section).getByLabelText('Due time'));
    await user.keyboard('{Enter}'); // submits from the field
    expect(await within(section).findByText(/no due date/)).toBeInTheDocument();
    expect((await env.store.history('jane_doe'))!.promises.find((p) => !p.done)).toMatchObject({ text: "I'll DM you by Friday", due: null });
  });

  it('shows the store’s error inline and keeps what was typed', async () => {
    const user = userEvent.setup({ delay: null });
    renderWith(env, <CustomerView handle="jane_doe" full />);
    const section = await promises();
    await user.click(within(section).getByRole('button', { name: /^Edit promise/ }));
    const due = within(section).getByLabelText('Due time');
    await user.clear(due);
    await user.type(due, MONDAY);
    // Another agent deleted the customer meanwhile (no change event reached this page yet).
    const id = (await env.store.history('jane_doe'))!.promises.find((p) => !p.done)!.id;
    await env.store.deleteCustomer({ handle: 'jane_doe' });
    await user.click(within(section).getByRole('button', { name: 'Save promise' }));
    expect(await within(section).findByRole('alert')).toHaveTextContent(`No promise with id ${id}`);
    expect(within(section).getByLabelText('Due time')).toHaveValue(MONDAY);
    expect(within(section).getByRole('form', { name: /^Edit promise/ })).toBeInTheDocument();
  });
});
