import { useEffect } from 'react';
import { navigate } from '../lib/router';

/** Replaces the current path, for routes that only point elsewhere. */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
