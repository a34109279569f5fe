import { useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { CaseApi } from '../../lib/cases/api';
import type { CustomerSummary } from '../../lib/cases/types';
import type { XTweet } from '../../lib/x/types';
import { AddNoteButton, CaseChip } from './CaseChip';
import { CaseCard } from './CaseCard';

export interface TweetAnnotationProps {
  api: CaseApi;
  tweet: XTweet;
  /** null: the author has no history (quiet "add note" button); undefined: not known yet (nothing shown). */
  summary: CustomerSummary | null | undefined;
  refreshKey?: number;
  now?: () => number;
  getSelectedText?: () => string;
  onOpen?: (tweet: XTweet) => void;
  onOpenSidePanel?: (tweet: XTweet) => Promise<{ opened: boolean; error?: string }> | void;
  /**
   * Where to render the open card. On x.com the chip sits in clipped, transformed timeline cells, so the content
   * script passes a layer (in its own shadow root, in <body>) and the card is placed there at the chip's position.
   * Without it the card renders right under the chip.
   */
  cardLayer?: HTMLElement | null;
}

/** What Caselint shows beside one tweet's author name: the chip (or "add note") and its card. */
export function TweetAnnotation({
  api,
  tweet,
  summary,
  refreshKey,
  now = Date.now,
  getSelectedText,
  onOpen,
  onOpenSidePanel,
  cardLayer,
}: TweetAnnotationProps) {
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<{ top: number; left: number }>({ top: 0, left: 0 });
  const trigger = useRef<HTMLButtonElement>(null);
  if (summary === undefined) return null;
  const toggle = () => {
    if (!open) {
      onOpen?.(tweet);
      const r = trigger.current?.getBoundingClientRect();
      if (r) setPos({ top: r.bottom + window.scrollY, left: Math.max(8, Math.min(r.left, window.innerWidth - 400)) + window.scrollX });
    }
    setOpen(!open);
  };
  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  return (
    <span className="cl-anchor">
      {summary ? (
        <CaseChip summary={summary} now={now()} expanded={open} onToggle={toggle} buttonRef={trigger} />
      ) : (
        <AddNoteButton handle={tweet.author.handle} expanded={open} onToggle={toggle} buttonRef={trigger} />
      )}
      {open && wrapCard(
        cardLayer,
        pos,
        <CaseCard
          api={api}
          handle={summary?.handle ?? tweet.author.handle}
          displayName={tweet.author.displayName}
          tweet={tweet}
          getSelectedText={getSelectedText}
          refreshKey={refreshKey}
          now={now}
          onClose={close}
          onOpenSidePanel={onOpenSidePanel ? () => onOpenSidePanel(tweet) : undefined}
        />,
      )}
    </span>
  );
}

function wrapCard(layer: HTMLElement | null | undefined, pos: { top: number; left: number }, card: React.ReactNode) {
  if (!layer) return card;
  return createPortal(
    <div className="cl-card-pos" style={{ position: 'absolute', top: pos.top, left: pos.left }}>
      {card}
    </div>,
    layer,
  );
}
