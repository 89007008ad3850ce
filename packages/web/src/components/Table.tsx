import { Fragment, type ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

interface TableProps<T> {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  loading?: boolean;
  empty?: ReactNode;
  /** Content shown in a full-width row under `row` (details, an edit form), or null. */
  expanded?: (row: T) => ReactNode;
  label?: string;
}

export function Table<T>({ columns, rows, rowKey, loading = false, empty = 'Nothing here yet.', expanded, label }: TableProps<T>) {
  return (
    <div className={`table-wrap${loading ? ' is-loading' : ''}`} aria-busy={loading}>
      {/* Below 600 px each row shows as a card, each cell under its column's name (data-label, styles.css). */}
      <table className="table table-cards" aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} className={column.className} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td className="table-empty" colSpan={columns.length}>
                {loading ? 'Loading…' : empty}
              </td>
            </tr>
          )}
          {rows.map((row) => {
            const extra = expanded?.(row);
            return (
              <Fragment key={rowKey(row)}>
                <tr className={extra !== undefined && extra !== null ? 'is-expanded' : undefined}>
                  {columns.map((column) => (
                    <td key={column.header} className={column.className} data-label={column.header}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
                {extra !== undefined && extra !== null && (
                  <tr className="table-detail">
                    <td colSpan={columns.length}>{extra}</td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
