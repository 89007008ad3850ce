import { useEffect, useState } from 'react';
import { problemFrom, type ShownProblem } from '../api/client';

export interface DryRun<T> {
  /** The latest answer; while `pending` it is for earlier inputs (shown dimmed, not hidden, so the summary does not flicker). */
  data: T | null;
  /** The current inputs' refusal. */
  problem: ShownProblem | null;
  /** A question is waiting for the pause to end or for its answer. */
  pending: boolean;
}

/**
 * Asks `run` (a `?dryRun=true` call) once the inputs, summed up in `key`, have rested for
 * `delayMs`: typing 1-2-0 asks once, for 120. An answer for an older key that comes late is
 * dropped, and `pending` says when the shown answer is not yet the current inputs'. A null key
 * asks nothing.
 */
export function useDryRun<T>(key: string | null, run: () => Promise<T>, delayMs = 300): DryRun<T> {
  const [answer, setAnswer] = useState<{ key: string; data: T | null; problem: ShownProblem | null } | null>(null);

  useEffect(() => {
    if (key === null) return;
    let current = true;
    const timer = window.setTimeout(() => {
      run().then(
        (data) => {
          if (current) setAnswer({ key, data, problem: null });
        },
        (error: unknown) => {
          if (current) setAnswer({ key, data: null, problem: problemFrom(error) });
        },
      );
    }, delayMs);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
    // `run` is a new closure each render; `key` says when it asks for something else.
  }, [key, delayMs]);

  if (key === null) return { data: null, problem: null, pending: false };
  if (answer === null || answer.key !== key) return { data: answer?.data ?? null, problem: null, pending: true };
  return { data: answer.data, problem: answer.problem, pending: false };
}
