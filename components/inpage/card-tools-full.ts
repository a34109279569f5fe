/** The card's full tools (./card-tools.ts): part of the lint engine's bundle, not of the initial content script. */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { extractDetails, normaliseDetail } from '../../lib/lint/analysis';
import type { CardTools } from './card-tools';

export const FULL_CARD_TOOLS: CardTools = {
  displayDetail(d) {
    if (d.kind !== 'phone') return d.value;
    const p = parsePhoneNumberFromString(d.value, 'US');
    return p?.isValid() ? p.formatInternational() : d.value;
  },
  detailsToKeep(text, saved) {
    const have = new Set(saved.map((d) => `${d.kind}\u0000${normaliseDetail(d.kind, d.value)}`));
    return extractDetails(text, 'tweet')
      .filter((d) => !have.has(`${d.kind}\u0000${d.normalized}`))
      .map((d) => ({ kind: d.kind, value: d.value, label: d.label }));
  },
};
