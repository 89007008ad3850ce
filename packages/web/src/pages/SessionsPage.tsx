import { useCallback, useEffect, useState } from 'react';
import type { Session } from '@allot/sdk/openapi';
import { api, ok, href } from '../api/client';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Tabs } from '../components/Tabs';
import { useCatalogModules } from '../hooks/useCatalogModules';
import { useDirectory } from '../hooks/useDirectory';
import { useEndSession } from '../hooks/useEndSession';
import { useLoad } from '../hooks/useLoad';
import { useNow } from '../hooks/useNow';
import { useSession } from '../lib/session';
import { holdsPlace, tenantNowMs } from '../lib/sessions';
import { useTenant } from '../lib/tenant';
import { ConcurrentUsagePanel } from './ConcurrentUsagePanel';
import { SessionListPanel } from './SessionListPanel';
import { UsageFilters, noUsageFilter, type UsageFilter } from './UsageFilters';
import { SessionFigures, WaitingBorrowedPanels } from './WaitingBorrowedPanels';

// Live sessions change on their own (heartbeats, timeouts): the Live tab reads them again this often.
const refreshEveryMs = 30_000;

/** Planon's "License usage": who holds which concurrent license now, and past sessions with their close reason. */
export function SessionsPage() {
  const { tenant } = useTenant();
  const { can } = useSession();
  const [state, setState] = useState<Session['state']>('live');
  const [filter, setFilter] = useState<UsageFilter>(noUsageFilter);
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  // The licenses answer `used` counted fresh: read again with every refresh of the list. All of
  // them, for the codes of the seat licenses a session may hold a module through.
  const licenses = useLoad(`session-licenses:${tenant.id}:${version}`, () => ok(api.GET('/v1/tenants/{t}/licenses', { params: { path: { t: tenant.id }, query: { limit: 500 } } })));
  const concurrent = licenses.data?.items.filter((l) => l.model === 'concurrent') ?? null;
  const directory = useDirectory(tenant.id);
  const catalog = useCatalogModules();
  const nowMs = tenantNowMs(tenant, useNow());
  const licenseCode = (id: string) => licenses.data?.items.find((l) => l.id === id)?.code;
  const queue = useLoad(`session-queue:${tenant.id}:${version}`, () => ok(api.GET('/v1/tenants/{t}/session-queue', { params: { path: { t: tenant.id }, query: { limit: 500 } } })));
  const borrows = useLoad(`borrows:${tenant.id}:${version}`, () => ok(api.GET('/v1/tenants/{t}/borrows', { params: { path: { t: tenant.id }, query: { active: true, limit: 500 } } })));
  const waiting = { items: queue.data?.items.filter(holdsPlace) ?? null, problem: queue.problem };
  const borrowed = { items: borrows.data?.items ?? null, problem: borrows.problem };

  const refresh = useCallback(() => setVersion((n) => n + 1), []);
  const ended = useCallback(
    (session: Session) => setNotice(`Ended the session of ${directory.userLabel(session.userId)}. Its modules are free again; it is listed under Ended with reason admin.`),
    [directory],
  );
  const ending = useEndSession(tenant.id, ended, refresh);

  useEffect(() => {
    if (state !== 'live') return undefined;
    const timer = window.setInterval(refresh, refreshEveryMs);
    return () => window.clearInterval(timer);
  }, [state, refresh]);

  const switchTo = (next: Session['state']) => {
    setState(next);
    setNotice(null);
  };

  return (
    <>
      <PageHeader
        title="Sessions"
        description="Concurrent licensing: who holds which module now, since when and when last seen; and past sessions with the reason they closed."
        actions={
          <>
            <button type="button" className="button" onClick={refresh}>
              Refresh
            </button>
            <a className="button" href={href('/v1/tenants/{t}/sessions', { path: { t: tenant.id }, query: { state, userId: filter.userId, module: filter.module, format: 'csv', limit: 500 } })} download={`sessions-${state}.csv`}>
              Download CSV
            </a>
          </>
        }
      />
      {notice !== null && (
        <div className="banner banner-success" role="status">
          {notice}
        </div>
      )}
      <ProblemBanner problem={ending.problem} context="Could not end the session" />
      <SessionFigures queue={waiting} borrows={borrowed} />
      <Tabs
        label="Sessions"
        tabs={[
          { value: 'live', label: 'Live' },
          { value: 'ended', label: 'Ended' },
        ]}
        value={state}
        onChange={switchTo}
      />
      <div role="tabpanel" aria-label={state === 'live' ? 'Live sessions' : 'Ended sessions'}>
        {state === 'live' && (
          <>
            <ConcurrentUsagePanel tenantId={tenant.id} licenses={concurrent} waiting={waiting.items} loading={licenses.data === null && licenses.problem === null} problem={licenses.problem} />
            <WaitingBorrowedPanels queue={waiting} borrows={borrowed} directory={directory} timeZone={tenant.timeZone} nowMs={nowMs} />
          </>
        )}
        <Panel>
          <UsageFilters users={directory.users} moduleRefs={catalog.refs} onApply={setFilter} label="Session filters" />
        </Panel>
        <SessionListPanel
          key={state}
          tenantId={tenant.id}
          timeZone={tenant.timeZone}
          state={state}
          filter={filter}
          version={version}
          directory={directory}
          licenseCode={licenseCode}
          nowMs={nowMs}
          onEnd={can('licenses.manage') ? (session) => ending.end(session) : undefined}
          busy={ending.busy}
        />
      </div>
    </>
  );
}
