import { useState } from 'react';
import type { IdleSeat, License, SeatsPlan } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { ConfirmButton } from '../components/ConfirmButton';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { useLoad } from '../hooks/useLoad';
import { useSubmit } from '../hooks/useSubmit';
import { formatInstant } from '../lib/format';

interface SeatPlanningProps {
  tenantId: string;
  license: License;
  timeZone: string;
  mayRecall: boolean;
}

/** Named and solution licenses: the seats nobody used for 30, 60 or 90 days, recallable in one go. */
export function SeatPlanning({ tenantId, license, timeZone, mayRecall }: SeatPlanningProps) {
  const plan = useLoad<SeatsPlan | null>(`planning:${license.id}`, async () => {
    const answer = await ok(api.GET('/v1/tenants/{t}/licenses/{l}/planning', { params: { path: { t: tenantId, l: license.id } } }));
    return answer.kind === 'seats' ? answer : null;
  });
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const recall = useSubmit();
  const seats = plan.data?.idleSeats ?? [];
  const allPicked = seats.length > 0 && seats.every((seat) => picked.includes(seat.userId));

  const toggle = (userId: string, on: boolean) => setPicked((now) => (on ? [...now, userId] : now.filter((id) => id !== userId)));
  const recallPicked = () =>
    recall.run(async () => {
      const outcome = await ok(api.DELETE('/v1/tenants/{t}/licenses/{l}/assignments', { params: { path: { t: tenantId, l: license.id }, query: { dryRun: false } }, body: { userIds: [...picked] } }));
      const kept = picked.length - outcome.removed.length;
      const groups = kept > 0 ? ` ${kept} keep a seat through a group.` : '';
      setNotice(`Recalled ${outcome.removed.length} idle ${outcome.removed.length === 1 ? 'seat' : 'seats'}; ${outcome.available ?? '∞'} free now.${groups}`);
      setPicked([]);
      plan.reload();
    });

  const columns: Column<IdleSeat>[] = [];
  if (mayRecall) {
    columns.push({
      header: 'Choose',
      className: 'cell-choose',
      cell: (seat) => <input type="checkbox" aria-label={`Choose ${seat.email}`} checked={picked.includes(seat.userId)} onChange={(e) => toggle(seat.userId, e.target.checked)} />,
    });
  }
  columns.push(
    {
      header: 'User',
      cell: (seat) => (
        <div className="cell-stack">
          <span className="strong">{seat.name}</span>
          <span className="muted">{seat.email}</span>
        </div>
      ),
    },
    { header: 'Last access', cell: (seat) => (seat.lastAccessAt === null ? <span className="muted">never since the seat was given</span> : formatInstant(seat.lastAccessAt, timeZone)) },
    { header: 'Seat since', cell: (seat) => formatInstant(seat.since, timeZone) },
    { header: 'Idle', cell: (seat) => <Badge tone={seat.idleForDays >= 90 ? 'danger' : seat.idleForDays >= 60 ? 'warning' : 'neutral'}>{seat.idleForDays}+ days</Badge> },
  );

  const current = plan.data;
  return (
    <>
      {notice !== null && (
        <div className="banner banner-success" role="status">
          {notice}
        </div>
      )}
      <ProblemBanner problem={plan.problem ?? recall.problem} context={plan.problem !== null ? 'Could not load the idle seats' : 'Could not recall the seats'} />
      {current !== null && (
        <Panel title="Idle seats" label="Idle seat counts" description="Seat holders with no access check through this license for 30, 60 or 90 tenant days.">
          <dl className="stats" aria-label="Idle seat counts">
            <div className="stat">
              <dt>Seats held</dt>
              <dd>
                <span className="stat-value">{current.seatsHeld}</span>
                <span className="stat-note">of {current.quantity ?? '∞'} licensed</span>
              </dd>
            </div>
            {(
              [
                ['30 days', current.idle.days30],
                ['60 days', current.idle.days60],
                ['90 days', current.idle.days90],
              ] as const
            ).map(([label, value]) => (
              <div className="stat" key={label}>
                <dt>Idle {label}</dt>
                <dd>
                  <span className="stat-value">{value}</span>
                  <span className="stat-note">unused for {label} or more</span>
                </dd>
              </div>
            ))}
          </dl>
        </Panel>
      )}
      <Panel
        title="Seats that could be recalled"
        description="Longest idle first. Recalling takes away a direct seat; a seat through a group stays until the user leaves the group."
        actions={
          mayRecall &&
          seats.length > 0 && (
            <>
              <label className="check">
                <input type="checkbox" checked={allPicked} onChange={(e) => setPicked(e.target.checked ? seats.map((seat) => seat.userId) : [])} /> Choose all
              </label>
              {picked.length > 0 && <ConfirmButton label={`Recall ${picked.length} ${picked.length === 1 ? 'seat' : 'seats'}`} confirmLabel="Yes, recall" onConfirm={recallPicked} busy={recall.busy} />}
            </>
          )
        }
      >
        <Table label="Idle seats" columns={columns} rows={seats} rowKey={(seat) => seat.userId} loading={plan.loading} empty="Every seat was used in the last 30 days." />
      </Panel>
    </>
  );
}
