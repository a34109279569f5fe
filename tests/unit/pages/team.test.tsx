// The options page's Team section over the real TeamSession (lib/sync/session.ts) on this page's store. The team
// server's /api/join answer is played by a fetch stub that answers as docs/sync-protocol.md says (the real server
// is exercised by tests/unit/sync/session.test.ts and the e2e test); no connection is opened here.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TeamSection, describeSync, type TeamService } from '../../../components/pages/TeamSection';
import { CaseStore } from '../../../lib/cases/store';
import { TeamSession, type TeamStatus } from '../../../lib/sync/session';
import { makeEnv, renderWith, type TestEnv } from './helpers';

let env: TestEnv;
let session: TeamSession;
afterEach(async () => {
  await session?.stop();
  await env?.close();
});

function withTeam(answer: (body: { code: string; handle?: string }) => { status: number; body: unknown }) {
  env = makeEnv();
  const db = (env.store as unknown as { db: ConstructorParameters<typeof CaseStore>[0] }).db;
  const listeners = new Set<(s: TeamStatus) => void>();
  const requests: Array<{ url: string; body: { code: string; handle?: string } }> = [];
  const fetchStub = (async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { code: string; handle?: string };
    requests.push({ url, body });
    const a = answer(body);
    return new Response(JSON.stringify(a.body), { status: a.status, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
  session = new TeamSession({ db, store: env.store, fetch: fetchStub, onStatus: (s) => listeners.forEach((l) => l(s)) });
  const team: TeamService = {
    status: async () => session.status(),
    preview: () => session.preview(),
    join: (i) => session.join(i),
    leave: () => session.leave(),
    watch: (cb, signal) => {
      listeners.add(cb);
      signal.addEventListener('abort', () => listeners.delete(cb));
    },
  };
  env.services.team = team;
  return { requests, db };
}

const joined = (role = 'agent') => ({
  status: 200,
  body: {
    token: 'secret-token-abc',
    tokenId: 't1',
    expiresAt: Date.UTC(2027, 0, 1),
    agent: { id: 'a1', email: 'a@acme.test', handle: 'agent_a', role },
    team: { id: 'team1', name: 'Acme care' },
  },
});

describe('Team section', () => {
  it('joining shows how much will be shared first, then the team, the agent and the connection state', async () => {
    const { requests, db } = withTeam(() => joined());
    await env.store.addNote({ handle: 'kevinm', text: 'Billed twice' });
    await env.store.addPromise({ handle: 'kevinm', text: 'Refund by Friday', due: null });
    renderWith(env, <TeamSection />);
    fireEvent.change(await screen.findByLabelText('Team server address'), { target: { value: 'http://127.0.0.1:8787' } });
    fireEvent.change(screen.getByLabelText('Invite code'), { target: { value: 'ABCD-1234' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join team…' }));

    const confirm = await screen.findByRole('alertdialog');
    expect(confirm).toHaveTextContent('1 customer, 1 note, 1 promise');
    expect(requests).toEqual([]); // nothing sent before the agent agrees
    fireEvent.click(within(confirm).getByRole('button', { name: 'Join and share' }));

    expect(await screen.findByText('Acme care')).toBeInTheDocument();
    expect(screen.getByText('@agent_a')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Not connected: the connection opens while an x.com tab or this page is open');
    expect(requests).toEqual([{ url: 'http://127.0.0.1:8787/api/join', body: { code: 'ABCD-1234' } }]);
    expect(document.body).not.toHaveTextContent('secret-token-abc');
    expect((await db.team.get('current'))?.token).toBe('secret-token-abc');
    expect(await db.teamDocs.count()).toBe(1); // kevinm's history went into the team's document
  });

  it('a refused invite says why and keeps the form; a wrong address is named before anything is sent', async () => {
    const { requests } = withTeam(() => ({ status: 401, body: { error: 'this invite code was already used' } }));
    renderWith(env, <TeamSection />);
    fireEvent.change(await screen.findByLabelText('Team server address'), { target: { value: 'http://care.example.com' } });
    fireEvent.change(screen.getByLabelText('Invite code'), { target: { value: 'USED' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join team…' }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Join team' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not joined: The team server address must use https://');
    expect(requests).toEqual([]);

    fireEvent.change(screen.getByLabelText('Team server address'), { target: { value: 'https://care.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join team…' }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Join team' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Not joined: The team server refused: this invite code was already used'));
    expect(screen.getByLabelText('Invite code')).toHaveValue('USED');
  });

  it('leaving asks first, keeps the customers and shows the join form again', async () => {
    withTeam(() => joined());
    await env.store.addNote({ handle: 'kevinm', text: 'Billed twice' });
    await session.join({ server: 'https://care.example.com', code: 'X' });
    renderWith(env, <TeamSection />);
    fireEvent.click(await screen.findByRole('button', { name: 'Leave team…' }));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Leave Acme care? The customers stay in this browser as a local copy.');
    fireEvent.click(screen.getByRole('button', { name: 'Leave team' }));
    expect(await screen.findByLabelText('Invite code')).toBeInTheDocument();
    expect((await env.store.history('kevinm'))!.notes).toHaveLength(1);
  });

  it('lists my open cases and the unassigned ones, overdue promises first', async () => {
    withTeam(() => joined());
    await session.join({ server: 'https://care.example.com', code: 'X' });
    const mine = await env.store.createCase({ handle: 'kevinm', title: '$6,000 bill' });
    await env.store.assignCase({ id: mine.id, assignee: 'agent_a' });
    await env.store.createCase({ handle: 'calm', title: 'No rush' });
    await env.store.createCase({ handle: 'late', title: 'Refund promised' });
    await env.store.addPromise({ handle: 'late', text: 'Refund', due: Date.now() - 3_600_000 });
    renderWith(env, <TeamSection />);
    const my = await screen.findByRole('region', { name: /My open cases/ });
    await waitFor(() => expect(within(my).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['@kevinm · $6,000 bill']));
    const free = screen.getByRole('region', { name: /Unassigned/ });
    await waitFor(() => expect(within(free).getAllByRole('listitem')).toHaveLength(2));
    const items = within(free).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('@late · Refund promised 1 overdue promise');
    expect(within(items[0]!).getByRole('link', { name: '@late' })).toHaveAttribute('href', '#/customers/late');
  });

  it('a viewer is told the history is read-only', async () => {
    withTeam(() => joined('viewer'));
    await session.join({ server: 'https://care.example.com', code: 'X' });
    renderWith(env, <TeamSection />);
    expect(await screen.findByText(/You are a viewer/)).toBeInTheDocument();
  });
});

describe('describeSync', () => {
  it('says what an agent needs to know in each state', () => {
    const base = { pending: 0, since: Date.UTC(2026, 11, 2, 16, 40), lastError: null, lastPullAt: null };
    expect(describeSync({ ...base, state: 'connected' })).toBe('Connected · everything is synced');
    expect(describeSync({ ...base, state: 'connected', pending: 3 })).toBe('Connected · syncing 3 customers');
    expect(describeSync({ ...base, state: 'offline', pending: 1 })).toMatch(/^Offline since .*changes are kept here.* · 1 customer with changes not yet on the server$/);
    expect(describeSync({ ...base, state: 'refused' })).toMatch(/refused this sign-in/);
  });
});
