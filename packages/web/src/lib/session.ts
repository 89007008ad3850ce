import { createContext, useContext } from 'react';
import type { Permission, SessionInfo } from '../api/types';

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
