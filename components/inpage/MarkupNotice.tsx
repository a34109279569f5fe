export const MARKUP_NOTICE_TEXT = "Caselint can't read some tweets on this page since X changed its layout; case chips may be missing";

/**
 * Small dismissible notice shown once per page when the adapter cannot parse X's markup. It speaks to the agent;
 * the technical detail (selectors, counts) goes to the console for whoever fixes lib/x.
 */
export function MarkupNotice({ onDismiss }: { detail?: string; onDismiss(): void }) {
  return (
    <div className="cl-notice" role="status">
      <div>
        <div>{MARKUP_NOTICE_TEXT}.</div>
        <div className="cl-muted">Notes, cards and reply checks still work where chips show. Updating Caselint usually fixes it.</div>
      </div>
      <button type="button" className="cl-icon" aria-label="Dismiss Caselint notice" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
