import { useCallback, useState } from 'react';
import { problemFrom, type ShownProblem } from '../api/client';

export interface Submit {
  busy: boolean;
  problem: ShownProblem | null;
  clear: () => void;
  /** Runs `action`, keeping the problem it fails with for the form to show; true when it worked. */
  run: (action: () => Promise<void>) => Promise<boolean>;
}

export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const clear = useCallback(() => setProblem(null), []);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await action();
      return true;
    } catch (error) {
      setProblem(problemFrom(error));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, problem, clear, run };
}
