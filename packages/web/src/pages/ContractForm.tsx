import { useRef, useState, type FormEvent } from 'react';
import type { Contract, ContractBody, ContractComponent, License } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { keysOf } from '../lib/enums';
import { fieldError, isFormProblem } from '../lib/form';
import { currencyDigits, defaultMoneyLocale, isCurrencyCode, majorText, minorFromMajor } from '../lib/money';

type BillingPeriod = Contract['billingPeriod'];

const billingPeriodLabels: Record<BillingPeriod, string> = { month: 'Monthly', year: 'Yearly' };
const billingPeriods = keysOf(billingPeriodLabels);

interface ComponentDraft {
  key: number;
  code: string;
  name: string;
  licenseCode: string;
  /** In major units, as typed. */
  price: string;
}

interface ContractFormProps {
  tenantId: string;
  /** The contract to change, or null to set the first one. */
  contract: Contract | null;
  /** The tenant's licenses a component can raise. */
  licenses: License[];
  onSaved: (contract: Contract) => void;
  onCancel: () => void;
}

/**
 * The vendor sets a tenant's contract: currency, billing period, term, and the components a
 * customer can buy more of, each raising one license at a unit price typed in major units (120.00)
 * and sent in minor units (12000). `PUT` replaces the contract whole.
 */
export function ContractForm({ tenantId, contract, licenses, onSaved, onCancel }: ContractFormProps) {
  const [currency, setCurrency] = useState(contract?.currency ?? 'EUR');
  const [billingPeriod, setBillingPeriod] = useState<BillingPeriod>(contract?.billingPeriod ?? 'month');
  const [termStart, setTermStart] = useState(contract?.termStart ?? '');
  const [termEnd, setTermEnd] = useState(contract?.termEnd ?? '');
  const [vendorName, setVendorName] = useState(contract?.vendorName ?? '');
  const [vendorAddress, setVendorAddress] = useState(contract?.vendorAddress ?? '');
  const [locale, setLocale] = useState(contract?.locale ?? defaultMoneyLocale);
  const nextKey = useRef(1);
  const [components, setComponents] = useState<ComponentDraft[]>(
    contract === null || contract.components.length === 0
      ? [{ key: 0, code: '', name: '', licenseCode: '', price: '' }]
      : contract.components.map((c, index) => ({ key: -1 - index, code: c.code, name: c.name, licenseCode: c.licenseCode, price: majorText(c.unitPrice, contract.currency) })),
  );
  const [priceErrors, setPriceErrors] = useState<Record<number, string>>({});
  const [currencyError, setCurrencyError] = useState<string | undefined>(undefined);
  const submit = useSubmit();
  const problem = submit.problem;

  const edit = (key: number, change: Partial<ComponentDraft>) => {
    setComponents(components.map((row) => (row.key === key ? { ...row, ...change } : row)));
    // A corrected price no longer carries the old complaint.
    if (change.price !== undefined && priceErrors[key] !== undefined) setPriceErrors(Object.fromEntries(Object.entries(priceErrors).filter(([k]) => Number(k) !== key)));
  };
  const add = () => setComponents([...components, { key: nextKey.current++, code: '', name: '', licenseCode: '', price: '' }]);
  const remove = (key: number) => setComponents(components.filter((row) => row.key !== key));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const code = currency.trim().toUpperCase();
    // Prices are read in the currency's digits: without a currency there is nothing to read them by.
    if (!isCurrencyCode(code)) {
      setCurrencyError('An ISO 4217 code, e.g. EUR');
      return;
    }
    setCurrencyError(undefined);
    const filled = components.filter((row) => row.code.trim() !== '' || row.name.trim() !== '' || row.licenseCode !== '' || row.price.trim() !== '');
    const errors: Record<number, string> = {};
    const priced: ContractComponent[] = [];
    for (const row of filled) {
      const unitPrice = minorFromMajor(row.price, code);
      const digits = currencyDigits(code);
      if (unitPrice === null) errors[row.key] = `An amount in ${code}, at most ${digits} ${digits === 1 ? 'decimal' : 'decimals'}`;
      else priced.push({ code: row.code.trim(), name: row.name.trim(), licenseCode: row.licenseCode, unitPrice });
    }
    setPriceErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const body: ContractBody = {
      currency: code,
      billingPeriod,
      termStart,
      termEnd,
      components: priced,
      ...(vendorName.trim() === '' ? {} : { vendorName: vendorName.trim() }),
      vendorAddress: vendorAddress.trim() === '' ? null : vendorAddress.trim(),
      locale: locale.trim(),
    };
    void submit.run(async () => onSaved(await ok(api.PUT('/v1/tenants/{t}/contract', { params: { path: { t: tenantId } }, body }))));
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Contract">
      {isFormProblem(problem, ['currency', 'billingPeriod', 'termStart', 'termEnd', 'vendorName', 'vendorAddress', 'locale', 'components']) && <ProblemBanner problem={problem} context="Could not save the contract" />}
      <div className="form-grid">
        <Field label="Currency" hint="ISO 4217, e.g. EUR" error={currencyError ?? fieldError(problem, 'currency')}>
          <input name="currency" className="mono" required maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
        </Field>
        <Field label="Billing period" error={fieldError(problem, 'billingPeriod')}>
          <select name="billingPeriod" value={billingPeriod} onChange={(e) => setBillingPeriod(billingPeriods.find((p) => p === e.target.value) ?? 'month')}>
            {billingPeriods.map((period) => (
              <option key={period} value={period}>
                {billingPeriodLabels[period]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Term start" hint="First day, tenant calendar" error={fieldError(problem, 'termStart')}>
          <input name="termStart" type="date" required value={termStart} onChange={(e) => setTermStart(e.target.value)} />
        </Field>
        <Field label="Term end" hint="Last day, inclusive" error={fieldError(problem, 'termEnd')}>
          <input name="termEnd" type="date" required value={termEnd} onChange={(e) => setTermEnd(e.target.value)} />
        </Field>
        <Field label="Vendor name" hint="Printed on invoices" error={fieldError(problem, 'vendorName')}>
          <input name="vendorName" maxLength={200} value={vendorName} onChange={(e) => setVendorName(e.target.value)} />
        </Field>
        <Field label="Vendor address" hint="Printed on invoices; one line each" error={fieldError(problem, 'vendorAddress')}>
          <textarea name="vendorAddress" rows={2} maxLength={500} value={vendorAddress} onChange={(e) => setVendorAddress(e.target.value)} />
        </Field>
        <Field label="Invoice locale" hint="How invoices write money, e.g. de-DE" error={fieldError(problem, 'locale')}>
          <input name="locale" maxLength={35} required value={locale} onChange={(e) => setLocale(e.target.value)} />
        </Field>
      </div>
      <fieldset className="module-rows">
        <legend className="field-label">Components</legend>
        {components.map((row, index) => (
          <div key={row.key} className="component-row">
            <Field label={`Component ${index + 1} code`} error={fieldError(problem, `components.${index}.code`)}>
              <input className="mono" maxLength={64} value={row.code} onChange={(e) => edit(row.key, { code: e.target.value })} />
            </Field>
            <Field label={`Component ${index + 1} name`} error={fieldError(problem, `components.${index}.name`)}>
              <input maxLength={200} value={row.name} onChange={(e) => edit(row.key, { name: e.target.value })} />
            </Field>
            <Field label={`Component ${index + 1} license`} error={fieldError(problem, `components.${index}.licenseCode`)}>
              <select value={row.licenseCode} onChange={(e) => edit(row.key, { licenseCode: e.target.value })}>
                <option value="">Choose a license</option>
                {/* A license the tenant no longer has stays selectable until the vendor picks another. */}
                {row.licenseCode !== '' && !licenses.some((l) => l.code === row.licenseCode) && <option value={row.licenseCode}>{row.licenseCode}</option>}
                {licenses.map((license) => (
                  <option key={license.id} value={license.code}>
                    {license.code} — {license.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label={`Component ${index + 1} unit price`}
              hint={`${currency || '—'} per unit per ${billingPeriod}`}
              error={priceErrors[row.key] ?? fieldError(problem, `components.${index}.unitPrice`)}
            >
              <input inputMode="decimal" className="cell-number" placeholder="0.00" value={row.price} onChange={(e) => edit(row.key, { price: e.target.value })} />
            </Field>
            <button type="button" className="button button-small button-ghost" onClick={() => remove(row.key)} aria-label={`Remove component ${index + 1}`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="button button-small" onClick={add}>
          Add component
        </button>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Save contract
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
