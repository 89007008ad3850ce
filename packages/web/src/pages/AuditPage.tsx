import { useState } from 'react';
import type { AuditEvent } from '@allot/sdk/openapi';
import { api, href, ok } from '../api/client';
import { Badge, type BadgeTone } from '../components/Badge';
import { IdText } from '../components/IdText';
import { Link } from '../components/Link';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { useLoad } from '../hooks/useLoad';
import { usePagedList } from '../hooks/usePagedList';
import { actorLabel, formatInstant } from '../lib/format';
import { routes } from '../lib/router';
import { AuditDetails } from './AuditDetails';
import { AuditFilters, noAuditFilter, type AuditFilter } from './AuditFilters';

interface AuditPageProps {
  /** null: the vendor-wide trail of every tenant. */
  tenantId: string | null;
  timeZone?: string;
}

function actionTone(action: string): BadgeTone {
  if (/(deleted|revoked|removed)$/.test(action)) return 'danger';
  if (/(created|added)$/.test(action)) return 'success';
  return 'info';
}

export function AuditPage({ tenantId, timeZone = 'UTC' }: AuditPageProps) {
  const [filter, setFilter] = useState<AuditFilter>(noAuditFilter);
  const [open, setOpen] = useState<string | null>(null);
  const query = { action: filter.action, actor: filter.actor, targetType: filter.targetType, from: filter.from, to: filter.to };
  // The vendor-wide trail lives outside any tenant, and there one tenant is a filter.
  const list = usePagedList([tenantId, query, filter.tenantId], (page) =>
    tenantId === null
      ? ok(api.GET('/v1/audit', { params: { query: { ...query, tenantId: filter.tenantId, ...page } } }))
      : ok(api.GET('/v1/tenants/{t}/audit', { params: { path: { t: tenantId }, query: { ...query, ...page } } })),
  );
  const csv = { ...query, format: 'csv', limit: 500 } as const;
  // People read e-mails and license names, not ids: the tenant's users, groups and licenses name
  // them (a role that may not read one of those lists keeps the ids).
  const names = useLoad(`audit-names:${tenantId ?? ''}`, async () => {
    if (tenantId === null) return new Map<string, string>();
    const settle = <T,>(read: Promise<T>) => read.catch(() => null);
    const path = { t: tenantId };
    const [users, groups, licenses] = await Promise.all([
      settle(ok(api.GET('/v1/tenants/{t}/users', { params: { path, query: { limit: 500 } } }))),
      settle(ok(api.GET('/v1/tenants/{t}/groups', { params: { path, query: { limit: 500 } } }))),
      settle(ok(api.GET('/v1/tenants/{t}/licenses', { params: { path, query: { limit: 500 } } }))),
    ]);
    return new Map<string, string>([
      ...(users?.items ?? []).map((user) => [user.id, user.email] as const),
      ...(groups?.items ?? []).map((group) => [group.id, group.name] as const),
      ...(licenses?.items ?? []).map((license) => [license.id, `${license.name} (${license.code})`] as const),
    ]);
  });
  const nameOf = (id: string) => names.data?.get(id);
  const actorText = (actor: string) => (actor.startsWith('user:') ? (nameOf(actor.slice(5)) ?? actorLabel(actor)) : actorLabel(actor));

  const columns: Column<AuditEvent>[] = [
    { header: 'Time', className: 'cell-nowrap', cell: (event) => <time dateTime={event.at}>{formatInstant(event.at, timeZone)}</time> },
    { header: 'Actor', cell: (event) => <span title={event.actor}>{actorText(event.actor)}</span> },
    { header: 'Action', cell: (event) => <Badge tone={actionTone(event.action)}>{event.action}</Badge> },
    {
      header: 'Target',
      cell: (event) => (
        <div className="cell-stack">
          <span>{event.targetType}</span>
          {nameOf(event.targetId) === undefined ? <IdText id={event.targetId} /> : <span title={event.targetId}>{nameOf(event.targetId)}</span>}
        </div>
      ),
    },
  ];
  if (tenantId === null) {
    columns.push({
      header: 'Tenant',
      cell: (event) => (event.tenantId === null ? <span className="muted">vendor</span> : <Link to={routes.tenant(event.tenantId)}><IdText id={event.tenantId} /></Link>),
    });
  }
  columns.push({
    header: 'Details',
    className: 'cell-actions',
    cell: (event) => (
      <button type="button" className="button button-small" aria-expanded={open === event.id} onClick={() => setOpen(open === event.id ? null : event.id)}>
        {open === event.id ? 'Hide' : 'Show'}
      </button>
    ),
  });

  return (
    <>
      <PageHeader
        title="Audit log"
        description={tenantId === null ? 'Every change in every tenant and in the catalog, newest first.' : 'Every change in this tenant, newest first.'}
        actions={
          <a className="button" href={tenantId === null ? href('/v1/audit', { query: { ...csv, tenantId: filter.tenantId } }) : href('/v1/tenants/{t}/audit', { path: { t: tenantId }, query: csv })} download="audit.csv">
            Download CSV
          </a>
        }
      />
      <Panel>
        <AuditFilters
          onApply={(next) => {
            setFilter(next);
            setOpen(null);
          }}
          showTenant={tenantId === null}
          timeZone={timeZone}
        />
      </Panel>
      <Panel>
        <ProblemBanner problem={list.problem} context="Could not load the audit log" />
        <Table
          label="Audit events"
          columns={columns}
          rows={list.items}
          rowKey={(event) => event.id}
          loading={list.loading}
          empty="No events match."
          expanded={(event) => (open === event.id ? <AuditDetails event={event} /> : null)}
        />
        <Pager list={list} />
      </Panel>
    </>
  );
}
