/** Every empty state tells the agent what to do next, and the way it points to works. */
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionsApp } from '../../../components/pages/OptionsApp';
import { SidePanelApp, usePanelStore } from '../../../components/pages/SidePanelApp';
import { browserPacksService } from '../../../components/pages/packsService';
import type { FetchFn } from '../../../lib/packs/subscriptions';
import { makeEnv, renderWith, type TestEnv } from './helpers';

let env: TestEnv;
beforeEach(() => {
  env = makeEnv();
  usePanelStore.setState({ focus: null, manual: null });
});
afterEach(async () => {
  await env.close();
});

const noFetch: FetchFn = async () => {
  throw new Error('no network in this test');
};

describe('empty states', () => {
  it('no customers: the options page links to the CSV import and says how to add one from x.com', async () => {
    window.location.hash = '#/customers';
    renderWith(env, <OptionsApp />);
    const link = await screen.findByRole('link', { name: 'Import cases from a CSV file' });
    expect(link).toHaveAttribute('href', '#/data');
    expect(screen.getByText(/reply to a tweet on x\.com and add a case or note for its author in the side panel/)).toBeInTheDocument();
    // Nothing to choose from: the "choose a customer" hint is not shown.
    expect(screen.queryByText(/Choose a customer/)).toBeNull();

    await userEvent.setup({ delay: null }).click(link);
    expect(await screen.findByRole('heading', { name: 'Import cases from CSV' })).toBeInTheDocument();
  });

  it('no match for a valid handle offers to start that customer’s history', async () => {
    const user = userEvent.setup({ delay: null });
    await env.store.createCase({ handle: 'someone_else', title: 'Other' });
    window.location.hash = '#/customers';
    renderWith(env, <OptionsApp />);
    expect(await screen.findByText(/Choose a customer/)).toBeInTheDocument();
    await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), '@new_person');
    await user.click(await screen.findByRole('button', { name: 'Start a history for @new_person' }));
    expect(await screen.findByText('No history for @new_person yet. Anything you add here starts it.')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/customers/new_person');

    await user.clear(screen.getByRole('searchbox', { name: 'Search customers' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), 'no such name!');
    expect(await screen.findByText(/No customer matches “no such name!”\. Search by @handle or display name\./)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Start a history/ })).toBeNull();
  });

  it('no packs: says how to add one and opens the bundled pack format reference', async () => {
    window.location.hash = '#/packs';
    renderWith(env, <OptionsApp packs={browserPacksService(noFetch)} />);
    expect(await screen.findByText(/import a pack file above, or paste the pack’s https URL and choose Subscribe/)).toBeInTheDocument();
    const links = screen.getAllByRole('link', { name: /pack format reference/i });
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['#/packs/reference', '#/packs/reference']);
    act(() => {
      window.location.hash = '#/packs/reference';
    });
    expect(await screen.findByRole('heading', { level: 2, name: 'Pack format reference' })).toBeInTheDocument();
    // docs/packs.md's field table, as a table of text.
    const table = screen.getAllByRole('table')[0]!;
    expect(within(table).getByRole('columnheader', { name: 'field' })).toBeInTheDocument();
    expect(within(table).getByRole('cell', { name: 'name' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '← Packs' })).toHaveAttribute('href', '#/packs');
  });

  it('a new customer’s sections each say what to add', async () => {
    window.location.hash = '#/customers/fresh_one';
    renderWith(env, <OptionsApp />);
    expect(await screen.findByText('No history for @fresh_one yet. Anything you add here starts it.')).toBeInTheDocument();
    expect(screen.getByText(/^No cases yet\. Add one below/)).toBeInTheDocument();
    expect(screen.getByText(/^No promises\. When you promise a follow-up, add it below/)).toBeInTheDocument();
    expect(screen.getByText(/^No notes\. Add what the next agent should know/)).toBeInTheDocument();
    expect(screen.getByText(/^No known details\. Add an order number/)).toBeInTheDocument();
  });

  it('side panel with nothing focused: says how to get a case there and links to the CSV import', async () => {
    renderWith(env, <SidePanelApp focus={{ get: async () => null, watch: () => undefined }} />);
    expect(await screen.findByText(/Reply to a tweet on x\.com, or click a case chip/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Import cases from a CSV file' })).toHaveAttribute('href', 'options.html#/data');
  });
});
