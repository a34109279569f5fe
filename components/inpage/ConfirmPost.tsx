import { useEffect, useRef } from 'react';
import type { Finding } from '../../lib/lint/types';

/** Shown when the agent clicks Post with error-level findings (settings.confirmOnError). */
export function ConfirmPost({ errors, onConfirm, onCancel }: { errors: Finding[]; onConfirm(): void; onCancel(): void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div
      className="cl-confirm"
      role="alertdialog"
      aria-modal="false"
      aria-label="Post this reply anyway?"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <strong>Post this reply anyway?</strong>
      <ul>
        {errors.map((f) => (
          <li key={`${f.rule}:${f.start}`}>{f.message}</li>
        ))}
      </ul>
      <div className="cl-form__row">
        <button type="button" ref={cancelRef} onClick={onCancel}>
          Keep editing
        </button>
        <button type="button" onClick={onConfirm}>
          Post anyway
        </button>
      </div>
    </div>
  );
}
