import { useState } from 'react';
import type { Contract, ContractComponent } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { useContract } from '../hooks/useContract';
import { useLoad } from '../hooks/useLoad';
import { calendarDayText } from '../lib/dates';
import { formatInstant } from '../lib/format';
import { formatMoney } from '../lib/money';
import { useSession } from '../lib/session';
import { useTenant } from '../lib/tenant';
import { ContractForm } from './ContractForm';

/** The tenant's contract: what each component costs per billing period, over which term. The vendor sets it. */
export function ContractPage() {
  const { tenant } = useTenant();
  const { can } = useSession();
  const isVendor = can('vendor.manage');
  const loaded = useContract(tenant.id);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // The largest page: a component names one of the tenant's licenses.
  const licenses = useLoad(`contract-licenses:${tenant.id}`, () => ok(api.GET('/v1/tenants/{t}/licenses', { params: { path: { t: tenant.id }, query: { limit: 500 } } })));
  const contract = loaded.data?.contract ?? null;

  const columns: Column<ContractComponent>[] = [
    {
      header: 'Component',
      cell: (c) => (
        <div className="cell-stack">
          <span className="strong">{c.name}</span>
          <span className="mono muted">{c.code}</span>
        </div>
      ),
    },
    { header: 'Raises license', cell: (c) => <span className="mono">{c.licenseCode}</span> },
    {
      header: 'Unit price',
      className: 'cell-number',
      cell: (c) => (contract === null ? '' : `${formatMoney(c.unitPrice, contract.currency, contract.locale)} / ${contract.billingPeriod}`),
    },
  ];

  return (
    <>
      <PageHeader
        title="Contract"
        description="What this tenant can buy more of, at which price per billing period. Upgrade requests and purchases are priced from it."
        actions={
          isVendor &&
          !editing &&
          loaded.data !== null && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setNotice(null);
                setEditing(true);
              }}
            >
              {contract === null ? 'Set contract' : 'Edit contract'}
            </button>
          )
        }
      />
      {notice !== null && (
        <div className="banner banner-success" role="status">
          {notice}
        </div>
      )}
      <ProblemBanner problem={loaded.problem ?? licenses.problem} context="Could not load the contract" />
      {editing && (
        <Panel focusFirstField title={contract === null ? 'Set contract' : 'Edit contract'} description={`Dates are days of the tenant's calendar (${tenant.timeZone}); prices in major units (120.00), per unit and billing period.`}>
          <ContractForm
            tenantId={tenant.id}
            contract={contract}
            licenses={licenses.data?.items ?? []}
            onSaved={(saved) => {
              setEditing(false);
              loaded.setData({ contract: saved });
              setNotice('Saved the contract.');
            }}
            onCancel={() => setEditing(false)}
          />
        </Panel>
      )}
      {loaded.data === null && loaded.problem === null && <p className="muted">Loading…</p>}
      {loaded.data !== null && contract === null && !editing && (
        <Panel>
          <p className="muted">{isVendor ? 'No contract yet: set one to price upgrades and purchases.' : 'No contract yet: your vendor has not set one.'}</p>
        </Panel>
      )}
      {contract !== null && !editing && (
        <>
          <Panel title="Terms" label="Contract terms">
            <dl className="details" aria-label="Contract terms">
              <dt>Currency</dt>
              <dd className="mono">{contract.currency}</dd>
              <dt>Billing period</dt>
              <dd>{contract.billingPeriod === 'month' ? 'Monthly' : 'Yearly'}</dd>
              <dt>Term</dt>
              <dd>
                {calendarDayText(contract.termStart)} – {calendarDayText(contract.termEnd)}
              </dd>
              <dt>Vendor</dt>
              <dd>
                {contract.vendorName}
                {contract.vendorAddress !== null && <span className="muted"> · {contract.vendorAddress}</span>}
              </dd>
              <dt>Invoice locale</dt>
              <dd className="mono">{contract.locale}</dd>
              <dt>Last changed</dt>
              <dd>{formatInstant(contract.updatedAt, tenant.timeZone)}</dd>
            </dl>
          </Panel>
          <Panel title="Components">
            <Table label="Contract components" columns={columns} rows={contract.components} rowKey={(c) => c.code} empty="The contract has no components." />
          </Panel>
        </>
      )}
    </>
  );
}
