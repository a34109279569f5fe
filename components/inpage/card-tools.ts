/**
 * What the case card needs from the heavy libraries (libphonenumber to format phones, the linter's detail finder to
 * offer "Keep" for details in the tweet), behind a React context. The content script x.com loads on every page
 * provides the plain tools below until the lint engine is loaded (it brings the full ones, ./card-tools-full.ts);
 * the first card opened asks for it, usually while the card's history is still on its way.
 */
import { createContext, useContext } from 'react';
import type { Detail } from '../../lib/cases/types';
import type { DetailKind } from '../../lib/lint/types';

export interface FoundDetail {
  kind: DetailKind;
  value: string;
  label: string;
}

export interface CardTools {
  /** A detail as people read it (phones: "+1 617 555 0148"); anything else as stored. */
  displayDetail(d: Pick<Detail, 'kind' | 'value'>): string;
  /** Details found in a tweet's text (phone, email, order number…) that the case history does not hold yet. */
  detailsToKeep(text: string, saved: ReadonlyArray<Pick<Detail, 'kind' | 'value'>>): FoundDetail[];
}

/** Until the engine is loaded: details as stored, no details offered from the tweet. */
export const PLAIN_CARD_TOOLS: CardTools = {
  displayDetail: (d) => d.value,
  detailsToKeep: () => [],
};

export const CardToolsContext = createContext<CardTools>(PLAIN_CARD_TOOLS);

export function useCardTools(): CardTools {
  return useContext(CardToolsContext);
}
