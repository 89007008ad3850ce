import { useState } from 'react';
import type { SeatHolder } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { ConfirmButton } from '../components/ConfirmButton';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { SeatPreview } from '../components/SeatPreview';
import { SeatProblemBanner } from '../components/SeatProblemBanner';
import { Table, type Column } from '../components/Table';
import type { Directory } from '../hooks/useDirectory';
import { usePagedList } from '../hooks/usePagedList';
import { useSeatChange } from '../hooks/useSeatChange';
import { useSubmit } from '../hooks/useSubmit';
import { seats } from '../lib/license';

interface SeatHoldersPanelProps {
  tenantId: string;
  licenseId: string;
  directory: Directory;
  mayManage: boolean;
  /** Bumped by the page after each seat change. */
  version: number;
  onChanged: (message: string) => void;
}

/** The holders chosen for a recall: user id → e-mail, to name them in the preview. */
type Chosen = ReadonlyMap<string, string>;

/**
 * Who holds a seat, and how: directly and/or through linked groups. Direct seats can be recalled,
 * one by one or chosen with checkboxes (this page, or every direct holder on every page) and
 * recalled at once: Recall previews what it frees, Apply makes it so, all or none.
 */
export function SeatHoldersPanel({ tenantId, licenseId, directory, mayManage, version, onChanged }: SeatHoldersPanelProps) {
  // A seat change (version) starts again from the first page: a page recalled empty shows nothing.
  const list = usePagedList([tenantId, licenseId, version], (page) => ok(api.GET('/v1/tenants/{t}/licenses/{l}/assignments', { params: { path: { t: tenantId, l: licenseId }, query: page } })));
  // The choice belongs to the seats as they were (version): after any seat change nothing is chosen.
  const [choice, setChoice] = useState<{ version: number; holders: Chosen; all: boolean }>({ version, holders: new Map(), all: false });
  const chosen = choice.version === version ? choice.holders : new Map<string, string>();
  /** "Every direct holder on every page" was chosen. */
  const allChosen = choice.version === version && choice.all;
  const gathering = useSubmit();
  const recallOne = useSubmit();
  const label = (id: string) => chosen.get(id) ?? directory.userLabel(id);
  const recall = useSeatChange((outcome) => {
    const names = outcome.removed.slice(0, 12).map(label).join(', ');
    onChanged(`Recalled ${seats(outcome.removed.length)}: ${names}${outcome.removed.length > 12 ? ` and ${outcome.removed.length - 12} more` : ''}.`);
  });
  // A new choice makes the preview stale.
  const choose = (holders: Chosen, all = false) => {
    setChoice({ version, holders, all });
    recall.cancel();
  };

  const recallSeat = (holder: SeatHolder) =>
    recallOne.run(async () => {
      await ok(api.DELETE('/v1/tenants/{t}/licenses/{l}/assignments', { params: { path: { t: tenantId, l: licenseId }, query: { dryRun: false } }, body: { userIds: [holder.userId] } }));
      const stays = holder.groupIds.length > 0 ? ` They keep a seat through ${holder.groupIds.map(directory.groupName).join(', ')}.` : '';
      onChanged(`Recalled the direct seat of ${holder.email}.${stays}`);
    });

  const directHere = list.items.filter((holder) => holder.direct);
  const pageChosen = directHere.length > 0 && directHere.every((holder) => chosen.has(holder.userId));
  const somePageChosen = directHere.some((holder) => chosen.has(holder.userId));
  const morePages = list.hasNext || list.hasPrevious;

  const toggle = (holder: SeatHolder) => {
    const next = new Map(chosen);
    if (next.has(holder.userId)) next.delete(holder.userId);
    else next.set(holder.userId, holder.email);
    choose(next);
  };
  const togglePage = () => {
    const next = new Map(chosen);
    for (const holder of directHere) {
      if (pageChosen) next.delete(holder.userId);
      else next.set(holder.userId, holder.email);
    }
    choose(next);
  };
  // Every direct holder on every page: walked page by page, the largest pages the API gives.
  const chooseAll = () =>
    gathering.run(async () => {
      const all = new Map<string, string>();
      let cursor: string | undefined;
      do {
        const page = await ok(api.GET('/v1/tenants/{t}/licenses/{l}/assignments', { params: { path: { t: tenantId, l: licenseId }, query: { limit: 500, ...(cursor === undefined ? {} : { cursor }) } } }));
        for (const holder of page.items) if (holder.direct) all.set(holder.userId, holder.email);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      choose(all, true);
    });
  const previewRecall = () => {
    const userIds = [...chosen.keys()];
    void recall.preview(`recall ${seats(userIds.length)}`, (dryRun) =>
      ok(api.DELETE('/v1/tenants/{t}/licenses/{l}/assignments', { params: { path: { t: tenantId, l: licenseId }, query: { dryRun } }, body: { userIds } })),
    );
  };

  const columns: Column<SeatHolder>[] = [];
  if (mayManage) {
    columns.push({
      header: 'Choose',
      className: 'cell-choose',
      cell: (holder) =>
        holder.direct ? (
          <input type="checkbox" aria-label={`Choose ${holder.email}`} checked={chosen.has(holder.userId)} onChange={() => toggle(holder)} />
        ) : (
          <span className="muted">—</span>
        ),
    });
  }
  columns.push(
    {
      header: 'User',
      cell: (holder) => (
        <div className="cell-stack">
          <span className="strong">{holder.name}</span>
          <span className="muted">{holder.email}</span>
        </div>
      ),
    },
    {
      header: 'Seated',
      cell: (holder) => (
        <span className="badge-list">
          {holder.direct && <Badge tone="info">Direct</Badge>}
          {holder.groupIds.map((groupId) => (
            <Badge key={groupId} title={groupId}>
              Group {directory.groupName(groupId)}
            </Badge>
          ))}
        </span>
      ),
    },
  );
  if (mayManage) {
    columns.push({
      header: 'Actions',
      className: 'cell-actions',
      cell: (holder) =>
        holder.direct ? (
          <ConfirmButton label="Recall" confirmLabel="Yes, recall" onConfirm={() => recallSeat(holder)} busy={recallOne.busy || recall.busy} />
        ) : (
          <span className="muted" title="Seated through a group: remove them from the group or unlink it">
            via group
          </span>
        ),
    });
  }

  return (
    <Panel title="Seat holders" description="A user reached directly and through groups holds one seat. Choose direct holders to recall their seats at once.">
      <ProblemBanner problem={list.problem ?? recallOne.problem ?? gathering.problem} />
      {mayManage && directHere.length > 0 && (
        <div className="bulk-bar" role="group" aria-label="Recall chosen seats">
          <label className="bulk-bar-check">
            <input
              type="checkbox"
              checked={pageChosen}
              ref={(box) => {
                if (box !== null) box.indeterminate = somePageChosen && !pageChosen;
              }}
              onChange={togglePage}
            />
            <span>All direct holders on this page</span>
          </label>
          {morePages && !allChosen && (
            <button type="button" className="button button-small" onClick={() => void chooseAll()} disabled={gathering.busy}>
              {gathering.busy ? 'Gathering…' : 'Choose all direct holders, every page'}
            </button>
          )}
          <span className="bulk-bar-count" aria-live="polite">
            {chosen.size === 0 ? 'None chosen' : allChosen ? `All ${chosen.size} direct holders chosen` : `${chosen.size} chosen`}
          </span>
          {chosen.size > 0 && (
            <>
              <button type="button" className="button button-small button-danger" onClick={previewRecall} disabled={recall.busy || recall.pending !== null}>
                Recall {seats(chosen.size)}
              </button>
              <button type="button" className="button button-small button-ghost" onClick={() => choose(new Map())}>
                Clear
              </button>
            </>
          )}
        </div>
      )}
      <SeatProblemBanner problem={recall.problem} context="Could not recall the seats" nameOf={label} />
      {recall.pending !== null && <SeatPreview change={recall.pending} userLabel={label} busy={recall.busy} confirmLabel="Apply" onConfirm={() => void recall.confirm()} onCancel={recall.cancel} />}
      <Table label="Seat holders" columns={columns} rows={list.items} rowKey={(holder) => holder.userId} loading={list.loading} empty="Nobody holds a seat yet." />
      <Pager list={list} />
    </Panel>
  );
}
