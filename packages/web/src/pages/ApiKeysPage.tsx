import { useState } from 'react';
import type { ApiKey, IssuedKey } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { ConfirmButton } from '../components/ConfirmButton';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { RoleBadges } from '../components/RoleBadges';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';
import { useSubmit } from '../hooks/useSubmit';
import { formatInstant } from '../lib/format';
import { IssuedKeyNotice } from './IssuedKeyNotice';
import { NewKeyForm } from './NewKeyForm';

const kindLabels: Record<ApiKey['kind'], string> = { vendor_admin: 'Vendor admin', admin: 'Admin', app: 'App' };

interface ApiKeysPageProps {
  /** null: the vendor's own keys. */
  tenantId: string | null;
  timeZone?: string;
}

export function ApiKeysPage({ tenantId, timeZone = 'UTC' }: ApiKeysPageProps) {
  // The vendor's keys live outside any tenant.
  const list = usePagedList([tenantId], (page) =>
    tenantId === null
      ? ok(api.GET('/v1/api-keys', { params: { query: page } }))
      : ok(api.GET('/v1/tenants/{t}/api-keys', { params: { path: { t: tenantId }, query: page } })),
  );
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const revocation = useSubmit();

  const revoke = (key: ApiKey) =>
    revocation.run(async () => {
      await (tenantId === null
        ? ok(api.DELETE('/v1/api-keys/{id}', { params: { path: { id: key.id } } }))
        : ok(api.DELETE('/v1/tenants/{t}/api-keys/{id}', { params: { path: { t: tenantId, id: key.id } } })));
      list.reload();
    });

  const columns: Column<ApiKey>[] = [
    {
      header: 'Name',
      cell: (key) => (
        <div className="cell-stack">
          <span className="strong">{key.name}</span>
          <span className="mono muted">{key.prefix}…</span>
        </div>
      ),
    },
    { header: 'Kind', cell: (key) => <Badge tone={key.kind === 'app' ? 'info' : 'accent'}>{kindLabels[key.kind]}</Badge> },
    { header: 'Roles', cell: (key) => (key.kind === 'admin' ? <RoleBadges roles={key.roles} /> : <span className="muted">—</span>) },
    { header: 'Created', className: 'cell-nowrap', cell: (key) => formatInstant(key.createdAt, timeZone) },
    {
      header: 'Status',
      cell: (key) =>
        key.revokedAt === null ? <Badge tone="success">Active</Badge> : <Badge tone="danger" title={formatInstant(key.revokedAt, timeZone)}>Revoked</Badge>,
    },
    {
      header: 'Actions',
      className: 'cell-actions',
      cell: (key) => key.revokedAt === null && <ConfirmButton label="Revoke" onConfirm={() => revoke(key)} busy={revocation.busy} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={tenantId === null ? 'Vendor API keys' : 'API keys'}
        description={
          tenantId === null
            ? 'Keys that act as the vendor admin, for provisioning scripts and integrations.'
            : 'Admin keys act with their roles; app keys are what the licensed application uses to check access.'
        }
        actions={
          !creating && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setCreating(true);
                setIssued(null);
              }}
            >
              New API key
            </button>
          )
        }
      />
      {issued !== null && <IssuedKeyNotice issued={issued} onDismiss={() => setIssued(null)} />}
      {creating && (
        <Panel focusFirstField title="New API key">
          <NewKeyForm
            tenantId={tenantId}
            onIssued={(key) => {
              setCreating(false);
              setIssued(key);
              list.reload();
            }}
            onCancel={() => setCreating(false)}
          />
        </Panel>
      )}
      <Panel>
        <ProblemBanner problem={list.problem ?? revocation.problem} />
        <Table label="API keys" columns={columns} rows={list.items} rowKey={(key) => key.id} loading={list.loading} empty="No API keys yet." />
        <Pager list={list} />
      </Panel>
    </>
  );
}
