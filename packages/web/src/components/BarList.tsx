import type { ReactNode } from 'react';

export interface Bar {
  key: string;
  label: ReactNode;
  value: number;
  /** The value as shown, e.g. "1,250". */
  text: string;
}

interface BarListProps {
  /** Names the table, e.g. "Hits per day". */
  label: string;
  /** Column headers: what the label and the value are. */
  headers: [string, string];
  bars: readonly Bar[];
  empty: ReactNode;
  /** Under the bars, e.g. the range's total. */
  footer?: ReactNode;
}

/** Values as a table with a horizontal bar each, scaled to the largest: a chart that reads as a table too. */
export function BarList({ label, headers, bars, empty, footer }: BarListProps) {
  const largest = Math.max(1, ...bars.map((bar) => bar.value));
  return (
    <div className="table-wrap">
      <table className="table bar-list" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{headers[0]}</th>
            <th scope="col" className="cell-number">
              {headers[1]}
            </th>
            <th scope="col" className="bar-list-bar-head">
              <span className="visually-hidden">Share of the largest</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {bars.length === 0 && (
            <tr>
              <td className="table-empty" colSpan={3}>
                {empty}
              </td>
            </tr>
          )}
          {bars.map((bar) => (
            <tr key={bar.key}>
              <td className="cell-nowrap">{bar.label}</td>
              <td className="cell-number">{bar.text}</td>
              <td className="bar-list-bar" aria-hidden="true">
                <div className="bar-list-track">
                  <div className="bar-list-fill" style={{ width: `${(bar.value / largest) * 100}%` }} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
        {footer !== undefined && bars.length > 0 && (
          <tfoot>
            <tr>{footer}</tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
