import { useState, type FormEvent } from 'react';
import type { License, LicenseUsage } from '@allot/sdk/openapi';
import { api, ok, href } from '../api/client';
import { BarList } from '../components/BarList';
import { Field } from '../components/Field';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { useLoad } from '../hooks/useLoad';
import { calendarDayText, monthOf } from '../lib/dates';
import { fieldError, isFormProblem } from '../lib/form';
import { count, isUnlimited } from '../lib/license';
import { HitYearsTable } from './HitYearsTable';

interface HitUsagePanelProps {
  license: License;
  /** The tenant's today, `2024-03-06`: the range starts as its month. */
  today: string;
  /** Bumped by the page to read the usage again. */
  version: number;
  onRefresh: () => void;
}

/** Planon's hit count data: hits per day of a range (this month first) with a CSV of them, and per calendar year. */
export function HitUsagePanel({ license, today, version, onRefresh }: HitUsagePanelProps) {
  const month = monthOf(today);
  const [draft, setDraft] = useState(month);
  const [range, setRange] = useState(month);
  const usage = useLoad<LicenseUsage>(`hit-usage:${license.id}:${range.from}:${range.to}:${version}`, () => ok(api.GET('/v1/tenants/{t}/licenses/{l}/usage', { params: { path: { t: license.tenantId, l: license.id }, query: range } })));
  const days = usage.data?.hitDays ?? [];
  const total = days.reduce((sum, day) => sum + day.hits, 0);
  const csv = href('/v1/tenants/{t}/licenses/{l}/usage', { path: { t: license.tenantId, l: license.id }, query: { ...range, format: 'csv' } });
  const year = Number(today.slice(0, 4));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setRange(draft);
  };
  const thisMonth = () => {
    setDraft(month);
    setRange(month);
  };

  return (
    <>
      <Panel
        title="Hits per day"
        label="Hits per day"
        description={`Hits counted on each day of the range, in the tenant's calendar. Days without hits are left out.`}
        actions={
          <>
            <button type="button" className="button button-small" onClick={onRefresh}>
              Refresh
            </button>
            <a className="button button-small" href={csv} download={`hit-days-${license.code}-${range.from}-${range.to}.csv`}>
              Download CSV
            </a>
          </>
        }
      >
        <form className="form-inline" onSubmit={onSubmit} aria-label="Hit day range">
          <Field label="From" error={fieldError(usage.problem, 'from')}>
            <input name="from" type="date" required value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </Field>
          <Field label="To" error={fieldError(usage.problem, 'to')}>
            <input name="to" type="date" required min={draft.from} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </Field>
          <button type="submit" className="button button-primary">
            Show
          </button>
          <button type="button" className="button button-ghost" onClick={thisMonth}>
            This month
          </button>
        </form>
        {isFormProblem(usage.problem, ['from', 'to']) && <ProblemBanner problem={usage.problem} context="Could not load the hits" />}
        <p className="muted range-summary" data-testid="hit-range-total">
          {calendarDayText(range.from)} – {calendarDayText(range.to)}: <strong>{count(total)}</strong> {total === 1 ? 'hit' : 'hits'} on {days.length} {days.length === 1 ? 'day' : 'days'}
        </p>
        <BarList
          label="Hits per day"
          headers={['Day', 'Hits']}
          bars={days.map((day) => ({ key: day.day, label: calendarDayText(day.day), value: day.hits, text: count(day.hits) }))}
          empty={usage.loading ? 'Loading…' : 'No hits in this range.'}
        />
      </Panel>
      <Panel title="Hits per year" description="The quota applies to each calendar year of the tenant; on 1 January it is whole again.">
        <HitYearsTable years={usage.data?.hitYears ?? []} quota={isUnlimited(license) ? null : license.quantity} currentYear={year} loading={usage.loading} />
      </Panel>
    </>
  );
}
