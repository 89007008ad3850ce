import type { ReactNode } from 'react';
import type { ProductOverview } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { useLoad } from '../hooks/useLoad';
import { ProductCard } from './ProductCard';

/** Lucanet's licenses workspace: every catalog product, licensed first. */
export function LicenseOverviewPanel({ tenantId, actions }: { tenantId: string; actions?: (product: ProductOverview) => ReactNode }) {
  const overview = useLoad<{ products: ProductOverview[] }>(`license-overview:${tenantId}`, () => ok(api.GET('/v1/tenants/{t}/licenses/overview', { params: { path: { t: tenantId } } })));
  const products = [...(overview.data?.products ?? [])].sort((a, b) => Number(b.licensed) - Number(a.licensed) || b.licenses.length - a.licenses.length);
  // Catalog products only: a solution card (a solution the tenant holds licenses of) is no product of the catalog.
  const catalogProducts = products.filter((product) => product.kind === 'product');
  const licensedCount = catalogProducts.filter((product) => product.licensed).length;
  const solutionCount = products.length - catalogProducts.length;
  return (
    <Panel
      title="Products"
      label="Products overview"
      description={
        overview.data === null
          ? undefined
          : `${licensedCount} of ${catalogProducts.length} catalog ${catalogProducts.length === 1 ? 'product' : 'products'} licensed${solutionCount === 0 ? '' : `, and licenses of ${solutionCount} ${solutionCount === 1 ? 'solution' : 'solutions'}`}.`
      }
    >
      <ProblemBanner problem={overview.problem} context="Could not load the overview" />
      {overview.data === null && overview.problem === null && <p className="muted">Loading…</p>}
      {overview.data !== null && products.length === 0 && <p className="muted">The catalog has no products yet.</p>}
      <div className="product-grid">
        {products.map((product) => (
          <ProductCard key={product.product} tenantId={tenantId} overview={product} actions={actions?.(product)} />
        ))}
      </div>
    </Panel>
  );
}
