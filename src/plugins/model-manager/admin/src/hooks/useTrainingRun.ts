import { useEffect, useState } from 'react';
import type { TrainingRunSummary } from '../../../shared/contracts/training';
import { isAbort } from '../utils/errors';
import { useApi } from './useApi';

const POLL_MS = 500;
const isDone = (run: TrainingRunSummary) => run.status === 'succeeded' || run.status === 'failed';

/**
 * Watches a training run: polls `GET /training-runs/:id` every half second until it succeeds or
 * fails (one request at a time; a failed poll is retried, not fatal). Stops on unmount.
 */
export function useTrainingRun(id: string | null) {
  const api = useApi();
  const [run, setRun] = useState<TrainingRunSummary | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!id) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.getTrainingRun(id);
        if (cancelled) return;
        setRun(next);
        setError(null);
        if (isDone(next)) return;
      } catch (e) {
        if (cancelled || isAbort(e)) return;
        setError(e);
      }
      timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, id]);

  const current = run && run.documentId === id ? run : null;
  return { run: current, error: current ? error : null, isDone: !!current && isDone(current) };
}
