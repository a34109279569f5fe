import { waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { runFeatures, type FeatureEnv } from '../../../entrypoints/content/env';
import { featureEnv } from './feature-env';
import '../../../entrypoints/content/features/markup-notice';

function env(url: string, signal: AbortSignal): FeatureEnv {
  return featureEnv(signal, {} as FeatureEnv['api'], { pageUrl: () => url });
}

describe('markup breakage notice', () => {
  it('shows once per page in a shadow root, and can be dismissed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const ctrl = new AbortController();
    const e = env('https://x.com/home', ctrl.signal);
    runFeatures(e);
    e.onMarkupBroken.emit('20 cells, 0 parsed: no User-Name');
    e.onMarkupBroken.emit('20 cells, 0 parsed: no User-Name');
    const hosts = document.querySelectorAll('caselint-notice');
    expect(hosts).toHaveLength(1);
    const root = within(hosts[0]!.shadowRoot as unknown as HTMLElement);
    await waitFor(() => expect(root.getByRole('status')).toHaveTextContent("Caselint can't read some tweets on this page since X changed its layout; case chips may be missing"));
    // The agent reads what it means for them; the selectors go to the console for whoever fixes lib/x.
    expect(root.getByRole('status')).not.toHaveTextContent('User-Name');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no User-Name'));
    await userEvent.click(root.getByRole('button', { name: 'Dismiss Caselint notice' }));
    expect(document.querySelector('caselint-notice')).toBeNull();
    ctrl.abort();
  });

  it('is removed when the page changes (the feature signal aborts)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const ctrl = new AbortController();
    const e = env('https://x.com/other', ctrl.signal);
    runFeatures(e);
    e.onMarkupBroken.emit('broken');
    expect(document.querySelector('caselint-notice')).not.toBeNull();
    ctrl.abort();
    expect(document.querySelector('caselint-notice')).toBeNull();
  });
});
