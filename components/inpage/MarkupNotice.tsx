export const MARKUP_NOTICE_TEXT = "Caselint can't read tweets on this page: X may have changed its markup";

/** Small dismissible notice shown once per page when the adapter cannot parse X's markup. */
export function MarkupNotice({ detail, onDismiss }: { detail?: string; onDismiss(): void }) {
  return (
    <div className="cl-notice" role="status">
      <div>
        <div>{MARKUP_NOTICE_TEXT}.</div>
        {detail && <div className="cl-muted">{detail}</div>}
      </div>
      <button type="button" className="cl-icon" aria-label="Dismiss Caselint notice" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
