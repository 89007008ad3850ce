import { lazy, Suspense, useState } from 'react';
import type { ConcurrentPlan, License, PlanningCandidate } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { Field } from '../components/Field';
import { FilterForm, useFilterDraft } from '../components/FilterForm';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { useLoad } from '../hooks/useLoad';
import { addDays } from '../lib/dates';
import { currentQuantityText, durationText, levelRows, recommendationText, shareText, type LevelRow } from '../lib/planning';

// The chart library loads with the first chart, not with the console.
const PeakChart = lazy(() => import('./PeakChart').then((module) => ({ default: module.PeakChart })));

interface Period {
  from: string;
  to: string;
  /** The target as a percentage, as the form takes it. */
  targetPercent: string;
}

/** A concurrent license replayed over a period of tenant days: peaks, the quantity it would have needed, and the refused share of each. */
export function ConcurrentPlanning({ tenantId, license, today }: { tenantId: string; license: License; today: string }) {
  const { draft, change } = useFilterDraft<Period>({ from: addDays(today, -29), to: today, targetPercent: '1' });
  const [period, setPeriod] = useState<Period>(draft);
  const plan = useLoad<ConcurrentPlan | null>(`planning:${license.id}:${period.from}:${period.to}:${period.targetPercent}`, async () => {
    const answer = await ok(
      api.GET('/v1/tenants/{t}/licenses/{l}/planning', {
        params: { path: { t: tenantId, l: license.id }, query: { from: period.from, to: period.to, targetDenialRate: Number(period.targetPercent) / 100 } },
      }),
    );
    return answer.kind === 'concurrent' ? answer : null;
  });

  const current = plan.data;
  return (
    <>
      <Panel title="Period" description="Tenant days, both included; at most 400 days.">
        <FilterForm label="Planning period" onSubmit={() => setPeriod(draft)} submitLabel="Show period">
          <Field label="From">
            <input type="date" name="from" value={draft.from} onChange={change('from')} required />
          </Field>
          <Field label="To">
            <input type="date" name="to" value={draft.to} onChange={change('to')} required />
          </Field>
          <Field label="Waits accepted (%)" hint="share of attempts the recommendation may refuse">
            <input type="number" name="targetPercent" min="0" max="100" step="0.1" value={draft.targetPercent} onChange={change('targetPercent')} required />
          </Field>
        </FilterForm>
      </Panel>
      <ProblemBanner problem={plan.problem} context="Could not plan this period" />
      {current === null ? plan.problem === null && <p className="muted">Loading…</p> : <PlanDetails plan={current} />}
    </>
  );
}

function PlanDetails({ plan }: { plan: ConcurrentPlan }) {
  const recommendation = recommendationText(plan);
  const currentText = currentQuantityText(plan);
  const columns: Column<PlanningCandidate>[] = [
    {
      header: 'Licenses',
      className: 'cell-number',
      cell: (candidate) => (
        <span className="badge-list">
          <span className="strong">{candidate.quantity}</span>
          {candidate.quantity === plan.recommendation && <Badge tone="success">Recommended</Badge>}
          {candidate.quantity === plan.quantity && <Badge tone="info">Licensed now</Badge>}
        </span>
      ),
    },
    { header: 'Attempts refused', className: 'cell-number', cell: (candidate) => `${candidate.refused} of ${plan.attempts}` },
    { header: 'Share refused', className: 'cell-number', cell: (candidate) => shareText(candidate.refusedShare) },
  ];
  const levelColumns: Column<LevelRow>[] = [
    { header: 'Module', cell: (row) => <span className="mono">{row.module}</span> },
    { header: 'In use at once', className: 'cell-number', cell: (row) => row.level },
    { header: 'Time', className: 'cell-number cell-nowrap', cell: (row) => durationText(row.minutes) },
    { header: 'Share of the period', className: 'cell-number', cell: (row) => shareText(row.share) },
  ];
  return (
    <>
      <Panel title="Recommendation" label="Recommendation">
        <div role="status" data-testid="recommendation">
          {recommendation === null ? (
            <p>No session was attempted in this period: there is nothing to plan from yet.</p>
          ) : (
            <>
              <p className="plan-headline">{recommendation}</p>
              {currentText !== null && <p>{currentText}</p>}
            </>
          )}
        </div>
        <dl className="stats" aria-label="Planning figures">
          <div className="stat">
            <dt>Attempts</dt>
            <dd>
              <span className="stat-value">{plan.attempts}</span>
              <span className="stat-note">refused ones included</span>
            </dd>
          </div>
          <div className="stat">
            <dt>Peak</dt>
            <dd>
              <span className="stat-value">{plan.peak}</span>
              <span className="stat-note">live at once on one module</span>
            </dd>
          </div>
          <div className="stat">
            <dt>Licensed</dt>
            <dd>
              <span className="stat-value">{plan.quantity ?? '∞'}</span>
              <span className="stat-note">per module</span>
            </dd>
          </div>
          <div className="stat">
            <dt>Recommended</dt>
            <dd>
              <span className="stat-value">{plan.recommendation}</span>
              <span className="stat-note">at most {shareText(plan.targetDenialRate)} refused</span>
            </dd>
          </div>
        </dl>
      </Panel>
      <Panel title="Daily peak" description="Sessions live at once per day, per module; the dashed line is the licensed quantity.">
        <Suspense fallback={<p className="muted">Drawing the chart…</p>}>
          <PeakChart plan={plan} />
        </Suspense>
      </Panel>
      <Panel title="Candidates" description="Each quantity replayed against the recorded opens (refused ones included) and closes; a refused attempt is assumed to last a median session.">
        <Table label="Candidate quantities" columns={columns} rows={plan.candidates} rowKey={(candidate) => String(candidate.quantity)} empty="No attempts in this period." />
      </Panel>
      <Panel title="Time at each level" description="How long each number of sessions was live at once, up to now for a period that has not ended.">
        <Table label="Time at each level" columns={levelColumns} rows={levelRows(plan)} rowKey={(row) => `${row.module}:${row.level}`} empty="No use in this period." />
      </Panel>
    </>
  );
}
