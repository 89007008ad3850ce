import { useCallback } from 'react';
import type { Session } from '@allot/sdk/openapi';
import { api, ok, type ShownProblem } from '../api/client';
import { useSubmit } from './useSubmit';

/** What every list knows of a session: its id and whose it is. */
export type SessionRef = Pick<Session, 'id' | 'userId'>;

export interface EndSession {
  end: (session: SessionRef) => Promise<boolean>;
  busy: boolean;
  problem: ShownProblem | null;
}

/**
 * An administrator ends a session (reason admin). `onSettled` runs after success and after a
 * refusal alike: a 410 means the session had ended already, so the lists are stale either way.
 */
export function useEndSession(tenantId: string, onEnded: (session: Session) => void, onSettled: () => void): EndSession {
  const submit = useSubmit();
  const { run } = submit;
  const end = useCallback(
    async (session: SessionRef) => {
      const done = await run(async () => onEnded(await ok(api.POST('/v1/tenants/{t}/sessions/{s}/end', { params: { path: { t: tenantId, s: session.id } } }))));
      onSettled();
      return done;
    },
    [run, tenantId, onEnded, onSettled],
  );
  return { end, busy: submit.busy, problem: submit.problem };
}
