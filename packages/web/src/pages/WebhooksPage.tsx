import { useState } from 'react';
import type { IssuedWebhook, Webhook } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { ConfirmButton } from '../components/ConfirmButton';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';
import { useSubmit } from '../hooks/useSubmit';
import { formatInstant } from '../lib/format';
import { useSession } from '../lib/session';
import { IssuedWebhookNotice } from './IssuedWebhookNotice';
import { NewWebhookForm } from './NewWebhookForm';
import { WebhookDeliveriesPanel } from './WebhookDeliveriesPanel';

interface WebhooksPageProps {
  /** null: the vendor's webhooks, which hear every tenant. */
  tenantId: string | null;
  timeZone?: string;
}

/** Add webhooks (their secret shown once), send a ping, disable and enable, delete, and read each one's delivery log. */
export function WebhooksPage({ tenantId, timeZone = 'UTC' }: WebhooksPageProps) {
  const { session } = useSession();
  // The vendor's webhooks live outside any tenant.
  const list = usePagedList([tenantId], (page) =>
    tenantId === null
      ? ok(api.GET('/v1/webhooks', { params: { query: page } }))
      : ok(api.GET('/v1/tenants/{t}/webhooks', { params: { path: { t: tenantId }, query: page } })),
  );
  const [adding, setAdding] = useState(false);
  const [issued, setIssued] = useState<IssuedWebhook | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [pings, setPings] = useState(0);
  const action = useSubmit();

  const change = (webhook: Webhook, body: Partial<Pick<Webhook, 'enabled'>>) =>
    action.run(async () => {
      await (tenantId === null
        ? ok(api.PATCH('/v1/webhooks/{id}', { params: { path: { id: webhook.id } }, body }))
        : ok(api.PATCH('/v1/tenants/{t}/webhooks/{id}', { params: { path: { t: tenantId, id: webhook.id } }, body })));
      list.reload();
    });
  const ping = (webhook: Webhook) =>
    action.run(async () => {
      await (tenantId === null
        ? ok(api.POST('/v1/webhooks/{id}/ping', { params: { path: { id: webhook.id } } }))
        : ok(api.POST('/v1/tenants/{t}/webhooks/{id}/ping', { params: { path: { t: tenantId, id: webhook.id } } })));
      setShown(webhook.id);
      setPings((n) => n + 1);
    });
  const remove = (webhook: Webhook) =>
    action.run(async () => {
      await (tenantId === null
        ? ok(api.DELETE('/v1/webhooks/{id}', { params: { path: { id: webhook.id } } }))
        : ok(api.DELETE('/v1/tenants/{t}/webhooks/{id}', { params: { path: { t: tenantId, id: webhook.id } } })));
      if (shown === webhook.id) setShown(null);
      list.reload();
    });

  const columns: Column<Webhook>[] = [
    {
      header: 'URL',
      cell: (w) => (
        <div className="cell-stack">
          <span className="mono strong webhook-url">{w.url}</span>
          <span className="muted">since {formatInstant(w.createdAt, timeZone)}</span>
        </div>
      ),
    },
    {
      header: 'Events',
      cell: (w) => (
        <div className="badge-list">
          {w.events.map((type) => (
            <Badge key={type} tone="info">
              {type}
            </Badge>
          ))}
        </div>
      ),
    },
    { header: 'Status', cell: (w) => (w.enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="neutral">Disabled</Badge>) },
    {
      header: 'Actions',
      className: 'cell-actions',
      cell: (w) => (
        <div className="row-actions">
          <button type="button" className="button button-small" onClick={() => setShown(shown === w.id ? null : w.id)} aria-pressed={shown === w.id}>
            Deliveries
          </button>
          {w.enabled && (
            <button type="button" className="button button-small" disabled={action.busy} onClick={() => void ping(w)}>
              Send ping
            </button>
          )}
          <button type="button" className="button button-small" disabled={action.busy} onClick={() => void change(w, { enabled: !w.enabled })}>
            {w.enabled ? 'Disable' : 'Enable'}
          </button>
          <ConfirmButton label="Delete" onConfirm={() => remove(w)} busy={action.busy} />
        </div>
      ),
    },
  ];
  const selected = list.items.find((w) => w.id === shown) ?? null;

  return (
    <>
      <PageHeader
        title="Webhooks"
        description={
          tenantId === null
            ? "HTTP POSTs of every tenant's events, signed with each webhook's secret (Allot-Signature) and retried for about a day and a half (13 attempts, the last 29 to 44 hours after the first) until answered with 2xx."
            : "HTTP POSTs of this tenant's events, signed with each webhook's secret (Allot-Signature) and retried for about a day and a half (13 attempts, the last 29 to 44 hours after the first) until answered with 2xx."
        }
        actions={
          !adding && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setAdding(true);
                setIssued(null);
              }}
            >
              Add webhook
            </button>
          )
        }
      />
      {issued !== null && <IssuedWebhookNotice webhook={issued} onDismiss={() => setIssued(null)} />}
      {adding && (
        <Panel focusFirstField title="New webhook">
          <NewWebhookForm
            tenantId={tenantId}
            publicOnly={session.kind !== 'vendor_admin'}
            onCreated={(webhook) => {
              setAdding(false);
              setIssued(webhook);
              list.reload();
            }}
            onCancel={() => setAdding(false)}
          />
        </Panel>
      )}
      <Panel>
        <ProblemBanner problem={list.problem ?? action.problem} />
        <Table label="Webhooks" columns={columns} rows={list.items} rowKey={(w) => w.id} loading={list.loading} empty="No webhooks yet." />
        <Pager list={list} />
      </Panel>
      {selected !== null && (
        <WebhookDeliveriesPanel key={selected.id} tenantId={tenantId} webhook={selected} timeZone={timeZone} generation={pings} onClose={() => setShown(null)} />
      )}
    </>
  );
}
