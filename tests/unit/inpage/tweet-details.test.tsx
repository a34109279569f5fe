import { act, within } from '@testing-library/react';
import { registerLintEngine } from '../../../entrypoints/content/lint/engine';
import { LINT_ENGINE_KEY } from '../../../entrypoints/content/lint/load';
import userEvent from '@testing-library/user-event';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import type { XTweet } from '../../../lib/x/types';
import { mountChip } from './chips-harness';

const NOW = Date.UTC(2026, 1, 13, 12, 0, 0);
let n = 0;

const tweet: XTweet = {
  id: '1889999999999999001',
  author: { handle: 'Dana_W', displayName: 'Dana W' },
  text: '@AcmeCares order #A55120 never came. Call me on 555-201-3344 or mail dana.w@example.com',
  time: new Date(NOW - 3_600_000).toISOString(),
  replyingTo: ['AcmeCares'],
  mentions: [],
  isFocal: true,
  quoted: null,
  url: 'https://x.com/Dana_W/status/1889999999999999001',
};

describe('case card: details found in the tweet', () => {
  it('offers each new detail of the tweet with one-click Keep, stores it with the tweet as source, and hides what is already kept', async () => {
    const store = new CaseStore(new CaselintDB(`tweet-details-${++n}-${Math.random()}`), { now: () => NOW });
    const c = await store.createCase({ handle: 'Dana_W', title: 'Missing order' });
    await store.addDetail({ handle: 'Dana_W', kind: 'phone', value: '(555) 201 3344', source: 'typed' });
    const user = userEvent.setup();
    // The card finds details in the tweet once the lint engine is loaded (in production the background injects it
    // on the first card or composer); here it is registered as that injection does.
    registerLintEngine();
    onTestFinished(() => void delete (globalThis as Record<symbol, unknown>)[LINT_ENGINE_KEY]);
    const m = mountChip(store, tweet);
    onTestFinished(() => m.dispose());
    const chip = await m.chip();
    expect(chip).toHaveAccessibleName(/^Case history: @Dana_W: 1 open case/);
    await user.click(chip);
    const card = await m.cards().findByRole('dialog');
    const found = await within(card).findByRole('region', { name: 'Details in this tweet' });
    // The phone number is already in the history (other formatting): not offered again.
    expect(within(found).queryByRole('button', { name: /Keep phone number/ })).not.toBeInTheDocument();
    expect(within(found).getByRole('button', { name: 'Keep order number A55120' })).toBeInTheDocument();

    // The save and the reload that follows it resolve after the click: let both land inside act().
    const keepEmail = within(found).getByRole('button', { name: 'Keep email address dana.w@example.com' });
    await act(async () => {
      await user.click(keepEmail);
      for (let i = 0; i < 200 && keepEmail.isConnected; i++) await new Promise((r) => setTimeout(r, 10));
    });
    await within(card).findByText('Detail saved.');
    const kept = (await act(() => store.history('dana_w')))!.details.find((d) => d.kind === 'email');
    expect(kept).toMatchObject({ value: 'dana.w@example.com', source: 'tweet', sourceRef: tweet.id, caseId: c.id });
    // Kept: no longer offered, the other one still is.
    expect(within(card).queryByRole('button', { name: /Keep email address/ })).not.toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Keep order number A55120' })).toBeInTheDocument();
  });
});
