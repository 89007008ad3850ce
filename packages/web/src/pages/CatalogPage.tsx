import { useState } from 'react';
import type { Product, Solution } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';
import { useSession } from '../lib/session';
import { NewProductForm } from './NewProductForm';
import { NewSolutionForm } from './NewSolutionForm';

function Chips({ values }: { values: readonly string[] }) {
  if (values.length === 0) return <span className="muted">None</span>;
  return (
    <span className="chips">
      {values.map((value) => (
        <span key={value} className="chip mono">
          {value}
        </span>
      ))}
    </span>
  );
}

const productColumns: Column<Product>[] = [
  { header: 'Code', cell: (product) => <span className="mono strong">{product.code}</span> },
  { header: 'Name', cell: (product) => product.name },
  { header: 'Modules', cell: (product) => <Chips values={product.modules.map((module) => `${module.code} · ${module.name}`)} /> },
];

const solutionColumns: Column<Solution>[] = [
  { header: 'Code', cell: (solution) => <span className="mono strong">{solution.code}</span> },
  { header: 'Name', cell: (solution) => solution.name },
  { header: 'Modules', cell: (solution) => <Chips values={solution.modules} /> },
];

export function CatalogPage() {
  const { can } = useSession();
  const mayManage = can('vendor.manage');
  const products = usePagedList([], (page) => ok(api.GET('/v1/products', { params: { query: page } })));
  const solutions = usePagedList([], (page) => ok(api.GET('/v1/solutions', { params: { query: page } })));
  const [form, setForm] = useState<'product' | 'solution' | null>(null);
  const [catalogVersion, setCatalogVersion] = useState(0);

  return (
    <>
      <PageHeader title="Catalog" description="Products with their modules, and solutions: named sets of modules that licenses can grant together." />
      <Panel
        title="Products"
        actions={
          mayManage &&
          form !== 'product' && (
            <button type="button" className="button button-primary" onClick={() => setForm('product')}>
              New product
            </button>
          )
        }
      >
        {form === 'product' && (
          <div className="inset">
            <NewProductForm
              onCreated={() => {
                setForm(null);
                setCatalogVersion((n) => n + 1);
                products.reload();
              }}
              onCancel={() => setForm(null)}
            />
          </div>
        )}
        <ProblemBanner problem={products.problem} context="Could not load products" />
        <Table label="Products" columns={productColumns} rows={products.items} rowKey={(product) => product.id} loading={products.loading} empty="No products yet." />
        <Pager list={products} />
      </Panel>
      <Panel
        title="Solutions"
        actions={
          mayManage &&
          form !== 'solution' && (
            <button type="button" className="button button-primary" onClick={() => setForm('solution')}>
              New solution
            </button>
          )
        }
      >
        {form === 'solution' && (
          <div className="inset">
            <NewSolutionForm
              catalogVersion={catalogVersion}
              onCreated={() => {
                setForm(null);
                solutions.reload();
              }}
              onCancel={() => setForm(null)}
            />
          </div>
        )}
        <ProblemBanner problem={solutions.problem} context="Could not load solutions" />
        <Table label="Solutions" columns={solutionColumns} rows={solutions.items} rowKey={(solution) => solution.id} loading={solutions.loading} empty="No solutions yet." />
        <Pager list={solutions} />
      </Panel>
    </>
  );
}
