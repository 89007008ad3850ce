import { createContext, useContext } from 'react';
// The API answers a session's permissions as strings; their names are core's (rbac).
import type { Permission } from '@allot/core';
import type { SessionInfo } from '@allot/sdk/openapi';

export interface SessionValue {
  session: SessionInfo;
  /** Whether the session holds `permission`; the console hides what the server would refuse. */
  can: (permission: Permission) => boolean;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside of a logged-in console');
  return value;
}

export function sessionValue(session: SessionInfo, logout: () => Promise<void>): SessionValue {
  const granted = new Set(session.permissions);
  return { session, can: (permission) => granted.has(permission), logout };
}
