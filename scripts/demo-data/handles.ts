/**
 * Which author on the offline fixture pages carries which seed story (lib/cases/seed.ts), so the demo and the
 * e2e tests show chips on real timeline tweets. All of these authors appear in tests/fixtures/x-dom/.
 */
import type { SeedId } from '../../lib/cases/seed';

export const DEMO_HANDLES: Record<SeedId, string> = {
  /** Home timeline (01), two tweets. */
  'att-dropped-calls': 'kevinafischer',
  /** Home timeline (01), two tweets. */
  'att-roaming-bill': 'hasufl',
  /** Status page (03) and profile (04). */
  'bank-voip': 'badlogicgames',
  /** Status page with the inline reply composer (02). */
  'cable-appointment': 'arscontexta',
  /** Home timeline (01). */
  'isp-frustrated': 'nic__carter',
};
