import { JsonView } from './JsonView';

interface ChangeDiffProps {
  before: unknown;
  after: unknown;
}

type Row = { field: string; before: unknown; after: unknown; kind: 'added' | 'removed' | 'changed' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The fields that differ between two objects; unchanged fields are left out to keep it short. */
export function changedFields(before: unknown, after: unknown): Row[] {
  const left = isRecord(before) ? before : {};
  const right = isRecord(after) ? after : {};
  const names = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  const rows: Row[] = [];
  for (const field of names) {
    const was = left[field];
    const now = right[field];
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    const kind = !(field in left) ? 'added' : !(field in right) ? 'removed' : 'changed';
    rows.push({ field, before: was, after: now, kind });
  }
  return rows;
}

/** Before/after of an audit event as a field table; falls back to JSON for non-object values. */
export function ChangeDiff({ before, after }: ChangeDiffProps) {
  const comparable = (isRecord(before) || before === null || before === undefined) && (isRecord(after) || after === null || after === undefined);
  if (!comparable) {
    return (
      <div className="diff-json">
        <JsonView value={before} label="Before" />
        <JsonView value={after} label="After" />
      </div>
    );
  }
  const rows = changedFields(before, after);
  if (rows.length === 0) return <p className="muted">No field changed.</p>;
  return (
    <table className="diff" aria-label="Changes">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.field} className={`diff-${row.kind}`}>
            <td className="mono">{row.field}</td>
            <td className="diff-before mono">{show(row.before)}</td>
            <td className="diff-after mono">{show(row.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
