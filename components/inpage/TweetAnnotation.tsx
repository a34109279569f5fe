import { useRef, useState } from 'react';
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
  onOpenSidePanel?: (tweet: XTweet) => void;
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
}: TweetAnnotationProps) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  if (summary === undefined) return null;
  const toggle = () => {
    if (!open) onOpen?.(tweet);
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
      {open && (
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
        />
      )}
    </span>
  );
}
