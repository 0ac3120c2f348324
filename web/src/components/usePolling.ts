import { useCallback, useEffect, useState } from 'react';
import { useLatest } from './useLatest.js';

/**
 * Loads now, again whenever `deps` change, and every `everyMs` while `enabled` (`null`: only then);
 * keeps the last good value and the last error. `reload` asks again at once (after a command the page
 * knows changed something).
 */
export const usePolling = <T>(load: () => Promise<T>, everyMs: number | null, enabled = true, deps: unknown[] = []) => {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadedAt, setLoadedAt] = useState<number | null>(null);
  const loader = useLatest(load);
  const reload = useCallback(async () => {
    try {
      setValue(await loader.current());
      setError(null);
      setLoadedAt(Date.now());
    } catch (failure) {
      setError(failure);
    }
  }, [loader]);
  useEffect(() => {
    if (!enabled) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- reload sets state only after its load resolves, never synchronously
    void reload();
    if (everyMs === null) return;
    const timer = setInterval(() => void reload(), everyMs);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, everyMs, reload, ...deps]);
  return { value, error, reload, loadedAt };
};
