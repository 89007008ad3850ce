import { useEffect, useRef } from 'react';
import type { Session } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import type { Directory } from '../hooks/useDirectory';
import { usePagedList } from '../hooks/usePagedList';
import { countdownOver } from '../lib/sessions';
import { EndedSessionsTable } from './EndedSessionsTable';
import { LiveSessionsTable } from './LiveSessionsTable';
import type { UsageFilter } from './UsageFilters';

interface SessionListPanelProps {
  tenantId: string;
  timeZone: string;
  state: Session['state'];
  filter: UsageFilter;
  /** Bumped by the page to read the list again (a refresh, an ended session). */
  version: number;
  directory: Directory;
  licenseCode: (id: string) => string | undefined;
  nowMs: number;
  onEnd?: ((session: Session) => unknown) | undefined;
  busy: boolean;
}

/** One page of live or ended sessions (the page keys it by state, so a tab never shows the other's rows). */
export function SessionListPanel({ tenantId, timeZone, state, filter, version, directory, licenseCode, nowMs, onEnd, busy }: SessionListPanelProps) {
  const query = { state, userId: filter.userId, module: filter.module };
  const list = usePagedList([tenantId, query], (page) => ok(api.GET('/v1/tenants/{t}/sessions', { params: { path: { t: tenantId }, query: { ...query, ...page } } })));
  const { reload } = list;
  // The version the list was first read at needs no second read.
  const readAt = useRef(version);
  useEffect(() => {
    if (version === readAt.current) return;
    readAt.current = version;
    reload();
  }, [version, reload]);

  const live = state === 'live';
  // The server decides when a session stops counting: once a countdown runs out, ask it again
  // (once per due session), and it moves the session to Ended.
  const due = live ? (list.items.find((s) => countdownOver(s.expiresAt, nowMs))?.id ?? null) : null;
  const askedFor = useRef<string | null>(null);
  useEffect(() => {
    if (due === null || askedFor.current === due) return;
    askedFor.current = due;
    reload();
  }, [due, reload]);

  return (
    <Panel
      title={live ? 'Live sessions' : 'Ended sessions'}
      label={live ? 'Live session list' : 'Ended session list'}
      description={`Times in ${timeZone}; hover a time for its full date.${live ? ' A session stops counting when it expires without a heartbeat.' : ''}`}
    >
      <ProblemBanner problem={list.problem} context="Could not load the sessions" />
      {live ? (
        <LiveSessionsTable
          tenantId={tenantId}
          timeZone={timeZone}
          rows={list.items}
          loading={list.loading}
          directory={directory}
          licenseCode={licenseCode}
          nowMs={nowMs}
          onEnd={onEnd}
          busy={busy}
          label="Live sessions"
          empty="Nobody holds a session now."
        />
      ) : (
        <EndedSessionsTable tenantId={tenantId} timeZone={timeZone} rows={list.items} loading={list.loading} directory={directory} licenseCode={licenseCode} nowMs={nowMs} />
      )}
      <Pager list={list} />
    </Panel>
  );
}
