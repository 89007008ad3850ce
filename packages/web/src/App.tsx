import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionInfo } from '@allot/sdk/openapi';
import { ConsoleRoutes, loginLandingPath } from './ConsoleRoutes';
import { api, ok, ApiError, onSessionLost, setCsrfToken } from './api/client';
import { loadLicenseModels } from './lib/license-models';
import { navigate } from './lib/router';
import { SessionContext, sessionValue } from './lib/session';
import { LoginPage } from './pages/LoginPage';

type State = { status: 'loading' } | { status: 'anonymous'; notice?: string } | { status: 'ready'; session: SessionInfo };

export function App() {
  const [state, setState] = useState<State>({ status: 'loading' });

  const enter = useCallback((session: SessionInfo) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'ready', session });
  }, []);

  useEffect(() => {
    // The license models describe what every license page shows: the console reads them first.
    const models = loadLicenseModels();
    Promise.all([ok(api.GET('/v1/auth/session')), models]).then(
      ([session]) => enter(session),
      (error: unknown) => {
        const unreachable = !(error instanceof ApiError) || error.status !== 401;
        models.then(
          () => setState({ status: 'anonymous', ...(unreachable ? { notice: 'The server did not answer as expected; log in to try again.' } : {}) }),
          () => setState({ status: 'anonymous', notice: 'The server did not answer as expected; reload the page to try again.' }),
        );
      },
    );
  }, [enter]);

  useEffect(() => {
    onSessionLost(() => {
      setCsrfToken(null);
      setState({ status: 'anonymous', notice: 'Your session has ended. Log in again.' });
    });
    return () => onSessionLost(null);
  }, []);

  const logout = useCallback(async () => {
    try {
      await ok(api.POST('/v1/auth/logout'));
    } finally {
      // Whatever the server said, this tab forgets the session.
      setCsrfToken(null);
      setState({ status: 'anonymous' });
      navigate('/', { replace: true });
    }
  }, []);

  const session = state.status === 'ready' ? state.session : null;
  const value = useMemo(() => (session === null ? null : sessionValue(session, logout)), [session, logout]);

  if (state.status === 'loading') return <div className="splash">Loading…</div>;
  if (state.status === 'anonymous' || value === null) {
    return (
      <LoginPage
        notice={state.status === 'anonymous' ? state.notice : undefined}
        onLoggedIn={async (info) => {
          const here = window.location.pathname;
          // A deep link survives the login; the bare start page goes to the session's landing page.
          if (here === '/' || here === '/login') navigate(await loginLandingPath(info), { replace: true });
          enter(info);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={value}>
      <ConsoleRoutes />
    </SessionContext.Provider>
  );
}
