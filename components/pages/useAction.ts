import { useCallback, useState } from 'react';
import { errorMessage } from './services';

/**
 * Run an async action, remembering its error (shown to the user) and whether it is running.
 * Returns true when the action succeeded.
 */
export function useAction(): {
  run: (fn: () => Promise<unknown>) => Promise<boolean>;
  error: string | null;
  busy: boolean;
  clear: () => void;
} {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { run, error, busy, clear };
}
