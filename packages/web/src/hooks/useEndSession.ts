import { useCallback } from 'react';
import { api } from '../api/client';
import { paths } from '../api/paths';
import type { LicenseSession } from '../api/session-types';
import type { Problem } from '../api/types';
import { useSubmit } from './useSubmit';

/** What every list knows of a session: its id and whose it is. */
export interface SessionRef {
  id: string;
  userId: string;
}

export interface EndSession {
  end: (session: SessionRef) => Promise<boolean>;
  busy: boolean;
  problem: Problem | null;
}

/**
 * An administrator ends a session (reason admin). `onSettled` runs after success and after a
 * refusal alike: a 410 means the session had ended already, so the lists are stale either way.
 */
export function useEndSession(tenantId: string, onEnded: (session: LicenseSession) => void, onSettled: () => void): EndSession {
  const submit = useSubmit();
  const { run } = submit;
  const end = useCallback(
    async (session: SessionRef) => {
      const done = await run(async () => onEnded(await api.post<LicenseSession>(paths.endSession(tenantId, session.id))));
      onSettled();
      return done;
    },
    [run, tenantId, onEnded, onSettled],
  );
  return { end, busy: submit.busy, problem: submit.problem };
}
