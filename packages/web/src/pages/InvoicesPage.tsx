import { useState } from 'react';
import type { Invoice } from '@allot/sdk/openapi';
import { api, href, ok } from '../api/client';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';
import { calendarDayText } from '../lib/dates';
import { formatInstant } from '../lib/format';
import { formatMoney } from '../lib/money';
import { useTenant } from '../lib/tenant';
import { InvoiceSummary } from './InvoiceSummary';

/** The tenant's invoices (one per purchase), each with its lines and its PDF. */
export function InvoicesPage() {
  const { tenant } = useTenant();
  const list = usePagedList([tenant.id], (page) => ok(api.GET('/v1/tenants/{t}/invoices', { params: { path: { t: tenant.id }, query: page } })));
  const [shown, setShown] = useState<string | null>(null);

  const columns: Column<Invoice>[] = [
    { header: 'Number', cell: (i) => <span className="mono strong">{i.number}</span> },
    { header: 'Issued', className: 'cell-nowrap', cell: (i) => <span title={formatInstant(i.issuedAt, tenant.timeZone)}>{calendarDayText(i.invoiceDate)}</span> },
    { header: 'Billing period', className: 'cell-nowrap', cell: (i) => `${calendarDayText(i.periodStart)} – ${calendarDayText(i.periodEnd)}` },
    { header: 'Amount', className: 'cell-number', cell: (i) => formatMoney(i.amount, i.currency, i.locale) },
    {
      header: 'Actions',
      className: 'cell-actions',
      cell: (i) => (
        <div className="row-actions">
          <button type="button" className="button button-small" aria-pressed={shown === i.id} onClick={() => setShown(shown === i.id ? null : i.id)}>
            Lines
          </button>
          <a className="button button-small" href={href('/v1/tenants/{t}/invoices/{id}/pdf', { path: { t: tenant.id, id: i.id } })} target="_blank" rel="noreferrer" aria-label={`PDF of invoice ${i.number}`}>
            PDF
          </a>
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader title="Invoices" description="One invoice per purchase, billed per day for the rest of the billing period; each is also mailed to the buyer with its PDF." />
      <Panel>
        <ProblemBanner problem={list.problem} context="Could not load the invoices" />
        <Table
          label="Invoices"
          columns={columns}
          rows={list.items}
          rowKey={(i) => i.id}
          loading={list.loading}
          empty="No invoices yet."
          expanded={(i) => (shown === i.id ? <InvoiceSummary tenantId={tenant.id} invoice={i} withDetails={false} /> : null)}
        />
        <Pager list={list} />
      </Panel>
    </>
  );
}
