import { useEffect, useState } from 'react';
import type { Webhook, WebhookDelivery, WebhookDeliveryStatus } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge, type BadgeTone } from '../components/Badge';
import { IdText } from '../components/IdText';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';
import { useSubmit } from '../hooks/useSubmit';
import { keysOf } from '../lib/enums';
import { formatInstant } from '../lib/format';

const statusTones: Record<WebhookDeliveryStatus, BadgeTone> = { pending: 'warning', delivered: 'success', failed: 'danger' };
const statusLabels: Record<WebhookDeliveryStatus, string> = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' };
const deliveryStatuses = keysOf(statusLabels);

interface WebhookDeliveriesPanelProps {
  tenantId: string | null;
  webhook: Webhook;
  timeZone: string;
  /** Moves when a ping was queued, so that the log shows it. */
  generation: number;
  onClose: () => void;
}

/** A webhook's delivery log, newest first; read again every few seconds while a delivery is pending. */
export function WebhookDeliveriesPanel({ tenantId, webhook, timeZone, generation, onClose }: WebhookDeliveriesPanelProps) {
  const [status, setStatus] = useState<WebhookDeliveryStatus | ''>('');
  const query = { status: status === '' ? undefined : status };
  // A vendor webhook lives outside any tenant.
  const list = usePagedList([tenantId, webhook.id, query], (page) =>
    tenantId === null
      ? ok(api.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id: webhook.id }, query: { ...query, ...page } } }))
      : ok(api.GET('/v1/tenants/{t}/webhooks/{id}/deliveries', { params: { path: { t: tenantId, id: webhook.id }, query: { ...query, ...page } } })),
  );
  const retry = useSubmit();
  const { reload } = list;
  const anyPending = list.items.some((d) => d.status === 'pending');

  useEffect(() => reload(), [generation, reload]);
  useEffect(() => {
    if (!anyPending) return undefined;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [anyPending, reload]);

  const columns: Column<WebhookDelivery>[] = [
    { header: 'Queued', className: 'cell-nowrap', cell: (d) => formatInstant(d.createdAt, timeZone) },
    {
      header: 'Event',
      cell: (d) => (
        <div className="cell-stack">
          <span className="mono">{d.type}</span>
          <IdText id={d.eventId} />
        </div>
      ),
    },
    { header: 'Status', cell: (d) => <Badge tone={statusTones[d.status]}>{statusLabels[d.status]}</Badge> },
    { header: 'Attempts', className: 'cell-number', cell: (d) => d.attempt },
    {
      header: 'Last answer',
      cell: (d) => (
        <div className="cell-stack">
          {d.responseStatus !== null && <span className="mono">HTTP {d.responseStatus}</span>}
          {d.error !== null && d.error !== `HTTP ${d.responseStatus}` && <span className="webhook-error">{d.error}</span>}
          {d.responseStatus === null && d.error === null && <span className="muted">—</span>}
        </div>
      ),
    },
    {
      header: 'Next try / delivered',
      className: 'cell-nowrap',
      cell: (d) =>
        d.deliveredAt !== null ? formatInstant(d.deliveredAt, timeZone) : d.nextAttemptAt !== null ? formatInstant(d.nextAttemptAt, timeZone) : <span className="muted">—</span>,
    },
    {
      header: 'Actions',
      className: 'cell-actions',
      cell: (d) =>
        webhook.enabled && (
          <button
            type="button"
            className="button button-small"
            disabled={retry.busy}
            onClick={() =>
              void retry.run(async () => {
                await (tenantId === null
                  ? ok(api.POST('/v1/webhooks/{id}/deliveries/{deliveryId}/retry', { params: { path: { id: webhook.id, deliveryId: d.id } } }))
                  : ok(api.POST('/v1/tenants/{t}/webhooks/{id}/deliveries/{deliveryId}/retry', { params: { path: { t: tenantId, id: webhook.id, deliveryId: d.id } } })));
                reload();
              })
            }
          >
            Send again
          </button>
        ),
    },
  ];

  return (
    <Panel
      title="Delivery log"
      label={`Deliveries of ${webhook.url}`}
      description={<span className="mono">{webhook.url}</span>}
      actions={
        <>
          <select aria-label="Delivery status" value={status} onChange={(e) => setStatus(deliveryStatuses.find((s) => s === e.target.value) ?? '')}>
            <option value="">Every status</option>
            {deliveryStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
          <button type="button" className="button" onClick={reload}>
            Refresh
          </button>
          <button type="button" className="button button-ghost" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <ProblemBanner problem={list.problem ?? retry.problem} />
      <Table label="Deliveries" columns={columns} rows={list.items} rowKey={(d) => d.id} loading={list.loading} empty="No deliveries yet. Send a ping to try the webhook." />
      <Pager list={list} />
    </Panel>
  );
}
