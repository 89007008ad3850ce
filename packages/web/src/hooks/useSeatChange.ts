import { useCallback, useState } from 'react';
import type { SeatOutcome } from '@allot/sdk/openapi';
import { problemFrom, type ShownProblem } from '../api/client';

/** A seat change: the same call, first as a dry run (`true`), then for real (`false`). */
export type SeatCall = (dryRun: boolean) => Promise<SeatOutcome>;

export interface PendingSeatChange {
  /** What the change is, for the preview's title: "Assign 2 users". */
  label: string;
  outcome: SeatOutcome;
  call: SeatCall;
}

export interface SeatChangeFlow {
  pending: PendingSeatChange | null;
  problem: ShownProblem | null;
  busy: boolean;
  /** Asks with dryRun=true and keeps the answer for the preview; a refusal (seat_limit) becomes the problem. */
  preview: (label: string, call: SeatCall) => Promise<void>;
  /** Makes the previewed change; true when it worked. */
  confirm: () => Promise<boolean>;
  cancel: () => void;
}

/** Preview, then confirm: nothing changes until the person has seen what the change does to the seats. */
export function useSeatChange(onDone: (outcome: SeatOutcome, label: string) => void): SeatChangeFlow {
  const [pending, setPending] = useState<PendingSeatChange | null>(null);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const attempt = useCallback(async (work: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
      return true;
    } catch (error) {
      setProblem(problemFrom(error));
      setPending(null);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  const preview = useCallback(
    async (label: string, call: SeatCall) => {
      setPending(null);
      await attempt(async () => setPending({ label, outcome: await call(true), call }));
    },
    [attempt],
  );

  const confirm = useCallback(async () => {
    if (pending === null) return false;
    return attempt(async () => {
      const outcome = await pending.call(false);
      setPending(null);
      onDone(outcome, pending.label);
    });
  }, [attempt, pending, onDone]);

  const cancel = useCallback(() => {
    setPending(null);
    setProblem(null);
  }, []);

  return { pending, problem, busy, preview, confirm, cancel };
}
