import type { LicenseFileDiff, LicenseFileDiffEntry, LicenseFileDiffField, LoadedFile } from '@allot/sdk/openapi';
import { Table, type Column } from '../components/Table';
import { formatBound } from '../lib/dates';
import { formatInstant } from '../lib/format';
import { diffSummary, entrySummary, fieldLabel, fieldValueText } from '../lib/license-file';

type FieldChange = LicenseFileDiff['changed'][number]['changes'][number] & { code: string; name: string };

function licenseCell(license: { code: string; name: string }) {
  return (
    <div className="cell-stack">
      <span className="strong">{license.name}</span>
      <span className="mono muted">{license.code}</span>
    </div>
  );
}

function entryColumns(timeZone: string): Column<LicenseFileDiffEntry>[] {
  return [
    { header: 'License', cell: licenseCell },
    { header: 'Grants', cell: (entry) => entrySummary(entry) },
    { header: 'Valid through', className: 'cell-nowrap', cell: (entry) => (entry.validUntil === null ? 'no end' : formatBound(entry.validUntil, 'until', timeZone)) },
  ];
}

function changeColumns(timeZone: string): Column<FieldChange>[] {
  const value = (field: LicenseFileDiffField, v: FieldChange['before']) => fieldValueText(field, v, timeZone);
  return [
    { header: 'License', cell: licenseCell },
    { header: 'Field', cell: (change) => fieldLabel(change.field) },
    { header: 'Now', cell: (change) => <span className="diff-before">{value(change.field, change.before)}</span> },
    { header: 'After loading', cell: (change) => <span className="diff-after">{value(change.field, change.after)}</span> },
  ];
}

/**
 * What loading a file would do, from its dry run: the file's header, then the licenses it adds,
 * changes field by field, and removes. Nothing is stored until the person confirms.
 */
export function LicenseFilePreview({ preview, timeZone }: { preview: LoadedFile; timeZone: string }) {
  const { file, changes } = preview;
  const fieldChanges = changes.changed.flatMap((license) => license.changes.map((change) => ({ ...change, code: license.code, name: license.name })));
  return (
    <section className="license-file-preview" aria-label="Preview of the license file" data-testid="license-file-preview">
      <p>
        <strong>Version {file.version}</strong> for <span className="mono">{file.customerCode}</span> ({file.customerName})
        {file.orderNumber !== null && <> · order {file.orderNumber}</>} · expires {formatInstant(file.expiresAt, timeZone)}
        {file.grace !== null && (
          <>
            {' '}
            · grace period for <span className="mono">{file.grace.licenseCode}</span> {formatBound(file.grace.startsAt, 'from', timeZone)} through {formatBound(file.grace.endsAt, 'until', timeZone)}
          </>
        )}
      </p>
      <p data-testid="license-file-preview-summary">
        Loading it: <strong>{diffSummary(changes)}</strong>. Nothing has changed yet.
      </p>
      {changes.added.length > 0 && (
        <>
          <h3>Added ({changes.added.length})</h3>
          <Table label="Licenses added" columns={entryColumns(timeZone)} rows={changes.added} rowKey={(entry) => entry.code} />
        </>
      )}
      {fieldChanges.length > 0 && (
        <>
          <h3>Changed ({changes.changed.length})</h3>
          <Table label="Licenses changed" columns={changeColumns(timeZone)} rows={fieldChanges} rowKey={(change) => `${change.code}:${change.field}`} />
        </>
      )}
      {changes.removed.length > 0 && (
        <>
          <h3>Removed ({changes.removed.length})</h3>
          <p className="muted">Their seats and usage go with them.</p>
          <Table label="Licenses removed" columns={entryColumns(timeZone)} rows={changes.removed} rowKey={(entry) => entry.code} />
        </>
      )}
    </section>
  );
}
