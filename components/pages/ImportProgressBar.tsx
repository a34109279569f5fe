/**
 * The progress of a big import (CSV, backup) that the background runs: a bar with rows done and time left, and
 * Cancel. The page polls `importProgress` (lib/cases/progress.ts) while the import's own call is pending.
 */
import { useEffect, useId, useState } from 'react';
import type { CaseApi } from '../../lib/cases/api';
import type { ImportProgress } from '../../lib/cases/progress';

/** "about 1 min 10 s left", "less than 5 s left"; null when there is no estimate yet. */
export function formatLeft(ms: number | null): string | null {
  if (ms === null) return null;
  const s = Math.round(ms / 1000);
  if (s < 5) return 'less than 5 s left';
  if (s < 60) return `about ${s} s left`;
  let m = Math.floor(s / 60);
  let r = Math.round((s % 60) / 10) * 10;
  if (r === 60) {
    m++;
    r = 0;
  }
  if (m < 60) return `about ${m} min${r ? ` ${r} s` : ''} left`;
  return `about ${Math.floor(m / 60)} h ${m % 60} min left`;
}

const fmt = new Intl.NumberFormat('en-US');

/** Polls the background for the import `id` every `everyMs` while `id` is set. */
export function useImportProgress(api: Pick<CaseApi, 'importProgress'>, id: string | null, everyMs = 400): ImportProgress | null {
  const [p, setP] = useState<ImportProgress | null>(null);
  useEffect(() => {
    setP(null);
    if (!id) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const next = await api.importProgress({ id });
        if (!stop && next) setP(next);
      } catch {
        // The next poll tries again; the import's own call reports its errors.
      }
      if (!stop) timer = setTimeout(() => void tick(), everyMs);
    };
    void tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [api, id, everyMs]);
  return p;
}

export function ImportProgressBar({ label, progress, onCancel }: { label: string; progress: ImportProgress | null; onCancel: () => void }) {
  const id = useId();
  const writing = progress?.phase === 'writing';
  const unit = progress?.unit ?? 'rows';
  const left = writing ? formatLeft(progress.leftMs) : null;
  const text = progress?.cancelling
    ? 'Cancelling: undoing what was written…'
    : writing
      ? `${fmt.format(progress.done)} of ${fmt.format(progress.total)} ${unit}${left ? ` · ${left}` : ''}`
      : 'Checking the file…';
  return (
    <div className="import-progress" role="group" aria-labelledby={`${id}-l`}>
      <span id={`${id}-l`} className="import-progress-label">
        {label}
      </span>
      <progress
        aria-labelledby={`${id}-l`}
        aria-describedby={`${id}-t`}
        max={writing && progress.total > 0 ? progress.total : undefined}
        value={writing && progress.total > 0 ? progress.done : undefined}
      />
      <span id={`${id}-t`} className="import-progress-text" aria-live="polite">
        {text}
      </span>
      <button type="button" onClick={onCancel} disabled={progress?.cancelling ?? false}>
        Cancel import
      </button>
    </div>
  );
}

/** True for the error a cancelled import ends with (its class does not survive the messaging; its text does). */
export const isCancelled = (message: string | null): boolean => !!message && / cancelled: nothing was imported/.test(message);
