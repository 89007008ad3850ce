import { useCallback, useEffect, useState } from 'react';
import { problemFrom, type ShownProblem } from '../api/client';

export interface Loaded<T> {
  data: T | null;
  problem: ShownProblem | null;
  loading: boolean;
  reload: () => void;
  /** Replaces the data after a change the page made itself, without a round trip. */
  setData: (data: T) => void;
}

/** Loads once per `key`; an answer for an older key is dropped, so fast clicks never show stale data. */
export function useLoad<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setProblem(null);
        setLoading(false);
      },
      (error: unknown) => {
        if (!current) return;
        setProblem(problemFrom(error));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
    // `load` is a new closure each render; `key` says when it asks for something else.
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, problem, loading, reload, setData };
}
