import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from '../utils/errors';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  reload: () => Promise<void>;
}

/**
 * Loads `load()` now and whenever its identity changes; `reload` fetches again in the background
 * (keeping the old data on screen). Answers of superseded requests are dropped.
 */
export function useResource<T>(load: (() => Promise<T>) | null): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [isLoading, setIsLoading] = useState(load !== null);
  const request = useRef(0);

  const run = useCallback(async () => {
    if (!load) return;
    const id = ++request.current;
    setIsLoading(true);
    try {
      const value = await load();
      if (id === request.current) {
        setData(value);
        setError(null);
      }
    } catch (e) {
      if (id === request.current && !isAbort(e)) setError(e);
    } finally {
      if (id === request.current) setIsLoading(false);
    }
  }, [load]);

  useEffect(() => {
    void run();
  }, [run]);

  return { data, error, isLoading, reload: run };
}
