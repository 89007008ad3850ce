import { useState, type FormEvent } from 'react';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';
import { formatInstant, utcFromLocalInput } from '../lib/format';
import { useSession } from '../lib/session';
import { useTenant } from '../lib/tenant';

/** A sandbox tenant's test clock: every time-based rule of the tenant reads it. It only moves forward. */
export function ClockPanel() {
  const { tenant, setTenant } = useTenant();
  const { can } = useSession();
  const [advanceBy, setAdvanceBy] = useState('P1D');
  const [to, setTo] = useState('');
  const advance = useSubmit();
  const jump = useSubmit();

  const onAdvance = (event: FormEvent) => {
    event.preventDefault();
    void advance.run(async () => setTenant(await ok(api.POST('/v1/tenants/{t}/clock', { params: { path: { t: tenant.id } }, body: { advanceBy: advanceBy.trim() } }))));
  };
  const onJump = (event: FormEvent) => {
    event.preventDefault();
    void jump.run(async () => setTenant(await ok(api.POST('/v1/tenants/{t}/clock', { params: { path: { t: tenant.id } }, body: { to: utcFromLocalInput(to) } }))));
  };

  return (
    <Panel title="Test clock" description="Expiry, heartbeats, resets and jobs of this sandbox tenant run on this clock. It never goes backwards.">
      <div className="clock">
        <div className="clock-now" data-testid="tenant-clock">
          {formatInstant(tenant.clock, tenant.timeZone)}
        </div>
        <div className="clock-utc mono muted">{tenant.clock}</div>
      </div>
      {can('clock.manage') && (
        <div className="clock-forms">
          <form className="form-inline" onSubmit={onAdvance} aria-label="Advance the clock">
            <Field label="Advance by" hint="ISO 8601 duration: P1D, PT6H, P1M" error={fieldError(advance.problem, 'advanceBy')}>
              <input name="advanceBy" className="mono" required value={advanceBy} onChange={(e) => setAdvanceBy(e.target.value)} />
            </Field>
            <button type="submit" className="button button-primary" disabled={advance.busy}>
              Advance clock
            </button>
          </form>
          <form className="form-inline" onSubmit={onJump} aria-label="Move the clock to an instant">
            <Field label="Or move to (UTC)" error={fieldError(jump.problem, 'to')}>
              <input name="to" type="datetime-local" step={1} required value={to} onChange={(e) => setTo(e.target.value)} />
            </Field>
            <button type="submit" className="button" disabled={jump.busy}>
              Move clock
            </button>
          </form>
        </div>
      )}
      {isFormProblem(advance.problem, ['advanceBy']) && <ProblemBanner problem={advance.problem} context="Could not advance the clock" />}
      {isFormProblem(jump.problem, ['to']) && <ProblemBanner problem={jump.problem} context="Could not move the clock" />}
    </Panel>
  );
}
