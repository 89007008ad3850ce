import { useState, type FormEvent } from 'react';
import type { Tenant, UpgradeRequest } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { useLoad } from '../hooks/useLoad';
import { usePagedList } from '../hooks/usePagedList';
import { useSubmit } from '../hooks/useSubmit';
import { formatInstant } from '../lib/format';
import { defaultMoneyLocale } from '../lib/money';
import { routes } from '../lib/router';
import { upgradeOrderColumns } from './upgradeOrderColumns';

/**
 * The vendor's queue: every tenant's open upgrade request. Approving raises each line's license
 * at once; rejecting needs a reason, which the requester reads in the e-mail and in the console.
 */
export function UpgradeQueuePage() {
  const list = usePagedList([], (page) => ok(api.GET('/v1/upgrade-requests', { params: { query: { status: 'open', ...page } } })));
  const tenants = useLoad('queue-tenants', () => ok(api.GET('/v1/tenants', { params: { query: { limit: 500 } } })));
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const decide = useSubmit();
  const tenantName = (id: string) => tenants.data?.items.find((t) => t.id === id)?.name ?? id;

  const approve = (request: UpgradeRequest) =>
    decide.run(async () => {
      await ok(api.POST('/v1/tenants/{t}/upgrade-requests/{id}/approve', { params: { path: { t: request.tenantId, id: request.id } } }));
      setNotice(`Approved the ${request.productName} upgrade of ${tenantName(request.tenantId)}: its licenses are raised.`);
      list.reload();
    });
  const reject = (request: UpgradeRequest, reason: string) =>
    decide.run(async () => {
      await ok(api.POST('/v1/tenants/{t}/upgrade-requests/{id}/reject', { params: { path: { t: request.tenantId, id: request.id } }, body: { reason } }));
      setRejecting(null);
      setNotice(`Rejected the ${request.productName} upgrade of ${tenantName(request.tenantId)}.`);
      list.reload();
    });

  const columns: Column<UpgradeRequest>[] = [
    {
      header: 'Tenant',
      cell: (r) => (
        <div className="cell-stack">
          <Link to={routes.licenses(r.tenantId)} className="strong-link">
            {tenantName(r.tenantId)}
          </Link>
          <span className="muted">{formatInstant(r.requestedAt)}</span>
        </div>
      ),
    },
    { header: 'Product', cell: (r) => r.productName },
    ...upgradeOrderColumns(defaultMoneyLocale),
    {
      header: 'Actions',
      className: 'cell-actions',
      cell: (r) => (
        <div className="row-actions">
          <button type="button" className="button button-small button-primary" disabled={decide.busy} onClick={() => void approve(r)} aria-label={`Approve the ${r.productName} upgrade of ${tenantName(r.tenantId)}`}>
            Approve
          </button>
          <button
            type="button"
            className="button button-small button-danger-ghost"
            aria-expanded={rejecting === r.id}
            aria-label={`Reject the ${r.productName} upgrade of ${tenantName(r.tenantId)}`}
            onClick={() => setRejecting(rejecting === r.id ? null : r.id)}
          >
            Reject
          </button>
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader title="Upgrade requests" description="Open requests of every tenant. Each is binding for the customer; approve to raise the quantities, or reject with a reason." />
      {notice !== null && (
        <div className="banner banner-success" role="status">
          {notice}
        </div>
      )}
      <Panel>
        <ProblemBanner problem={list.problem ?? decide.problem} />
        <Table
          label="Open upgrade requests"
          columns={columns}
          rows={list.items}
          rowKey={(r) => r.id}
          loading={list.loading}
          empty="No request is waiting."
          expanded={(r) => (rejecting === r.id ? <RejectForm busy={decide.busy} onReject={(reason) => void reject(r, reason)} onCancel={() => setRejecting(null)} /> : null)}
        />
        <Pager list={list} />
      </Panel>
    </>
  );
}

function RejectForm({ busy, onReject, onCancel }: { busy: boolean; onReject: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onReject(reason.trim());
  };
  return (
    <form className="form-inline" onSubmit={submit} aria-label="Reject upgrade request">
      <Field label="Reason" hint="The requester reads it in the e-mail and the console.">
        <input name="reason" required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <button type="submit" className="button button-danger" disabled={busy || reason.trim() === ''}>
        Reject request
      </button>
      <button type="button" className="button button-ghost" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
