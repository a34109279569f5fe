import { render, type RenderOptions } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { CardToolsContext } from '../../../components/inpage/card-tools';
import { FULL_CARD_TOOLS } from '../../../components/inpage/card-tools-full';

/** The card as it is once the lint engine is loaded (phones formatted, details found in the tweet). */
export function FullCardTools({ children }: { children: ReactNode }) {
  return <CardToolsContext.Provider value={FULL_CARD_TOOLS}>{children}</CardToolsContext.Provider>;
}

export function renderWithFullTools(ui: ReactElement, options?: Omit<RenderOptions, 'wrapper'>) {
  return render(ui, { ...options, wrapper: FullCardTools });
}
