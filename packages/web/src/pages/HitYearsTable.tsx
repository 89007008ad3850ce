import type { LicenseUsage } from '@allot/sdk/openapi';
import { Badge } from '../components/Badge';
import { Table, type Column } from '../components/Table';
import { count } from '../lib/license';

interface HitYearsTableProps {
  years: NonNullable<LicenseUsage['hitYears']>;
  /** Hits per year; null when unlimited. */
  quota: number | null;
  currentYear: number;
  loading: boolean;
}

/** Hits per calendar year, newest first, with the share of the yearly quota. */
export function HitYearsTable({ years, quota, currentYear, loading }: HitYearsTableProps) {
  const rows = [...years].sort((a, b) => b.year - a.year);
  const columns: Column<NonNullable<LicenseUsage['hitYears']>[number]>[] = [
    {
      header: 'Year',
      cell: (row) => (
        <span className="badge-list">
          <span className="strong">{row.year}</span>
          {row.year === currentYear && <Badge tone="info">This year</Badge>}
        </span>
      ),
    },
    { header: 'Hits', className: 'cell-number', cell: (row) => count(row.hits) },
    {
      header: 'Of the quota',
      className: 'cell-number',
      cell: (row) => (quota === null ? <span className="muted">unlimited</span> : quota === 0 ? '—' : `${Math.round((row.hits / quota) * 1000) / 10}%`),
    },
    {
      header: 'Left',
      className: 'cell-number',
      cell: (row) => (quota === null ? '∞' : row.year === currentYear ? count(Math.max(0, quota - row.hits)) : <span className="muted">—</span>),
    },
  ];
  return <Table label="Hits per year" columns={columns} rows={rows} rowKey={(row) => String(row.year)} loading={loading} empty="No hits counted yet." />;
}
