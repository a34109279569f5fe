/** Errors the case store raises. Messages are meant to be shown to the agent as they are. */

export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor(action: string, options?: { cause?: unknown }) {
    super(
      `Browser storage is full: could not ${action}. Nothing was changed. ` +
        'Export a backup from the options page, then delete old customers or free disk space, and try again.',
      options,
    );
  }
}

export class BackupError extends Error {
  override name = 'BackupError';
}

/** True when the error (or one Dexie wrapped in it: inner, BulkError failures) is a QuotaExceededError. */
export function isQuotaError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { name?: unknown; inner?: unknown; failures?: unknown; failuresByPos?: unknown; cause?: unknown };
  if (e.name === 'QuotaExceededError') return true;
  if (e.inner && isQuotaError(e.inner, depth + 1)) return true;
  if (e.cause && isQuotaError(e.cause, depth + 1)) return true;
  if (Array.isArray(e.failures) && e.failures.some((f) => isQuotaError(f, depth + 1))) return true;
  if (e.failuresByPos && typeof e.failuresByPos === 'object') {
    return Object.values(e.failuresByPos as Record<string, unknown>).some((f) => isQuotaError(f, depth + 1));
  }
  return false;
}
