import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Loads now and every `everyMs` while `enabled`; keeps the last good value and the last error.
 * `reload` asks again at once (after a command the page knows changed something).
 */
export const usePolling = <T>(load: () => Promise<T>, everyMs: number, enabled = true, deps: unknown[] = []) => {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadedAt, setLoadedAt] = useState<number | null>(null);
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(async () => {
    try {
      setValue(await loader.current());
      setError(null);
      setLoadedAt(Date.now());
    } catch (failure) {
      setError(failure);
    }
  }, []);
  useEffect(() => {
    if (!enabled) return;
    void reload();
    const timer = setInterval(() => void reload(), everyMs);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, everyMs, reload, ...deps]);
  return { value, error, reload, loadedAt };
};
