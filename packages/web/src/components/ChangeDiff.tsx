import { JsonView } from './JsonView';

interface ChangeDiffProps {
  before: unknown;
  after: unknown;
}

interface Row {
  field: string;
  before: unknown;
  after: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The fields that differ between two objects; unchanged fields are left out to keep it short. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Row[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])).map((field) => ({ field, before: before[field], after: after[field] }));
}

/**
 * Before/after of an audit event as a field table. A creation has only an after and a deletion
 * only a before, so those show one column; anything that is not an object is shown as JSON.
 */
export function ChangeDiff({ before, after }: ChangeDiffProps) {
  const absent = (value: unknown) => value === null || value === undefined;
  if (!(isRecord(before) || absent(before)) || !(isRecord(after) || absent(after))) {
    return (
      <div className="diff-json">
        <JsonView value={before} label="Before" />
        <JsonView value={after} label="After" />
      </div>
    );
  }
  const hasBefore = isRecord(before);
  const hasAfter = isRecord(after);
  const rows = changedFields(hasBefore ? before : {}, hasAfter ? after : {});
  if (rows.length === 0) return <p className="muted">No field changed.</p>;
  return (
    <table className="diff" aria-label="Changes">
      <thead>
        <tr>
          <th scope="col">Field</th>
          {hasBefore && <th scope="col">{hasAfter ? 'Before' : 'Value before deletion'}</th>}
          {hasAfter && <th scope="col">{hasBefore ? 'After' : 'Value'}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.field}>
            <td className="mono">{row.field}</td>
            {hasBefore && <td className={`mono${hasAfter ? ' diff-before' : ''}`}>{show(row.before)}</td>}
            {hasAfter && <td className={`mono${hasBefore ? ' diff-after' : ''}`}>{show(row.after)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
