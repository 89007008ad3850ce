import type { Product } from '@allot/sdk/openapi';
import { api, ok, type ShownProblem } from '../api/client';
import { useLoad } from './useLoad';

export interface CatalogModules {
  products: Product[];
  /** Every `product:module` of the catalog. */
  refs: string[];
  problem: ShownProblem | null;
}

/** The catalog's products and their module references, for module pickers and suggestions. */
export function useCatalogModules(): CatalogModules {
  const catalog = useLoad('catalog-modules', () => ok(api.GET('/v1/products', { params: { query: { limit: 500 } } })));
  const products = catalog.data?.items ?? [];
  return {
    products,
    refs: products.flatMap((product) => product.modules.map((module) => `${product.code}:${module.code}`)),
    problem: catalog.problem,
  };
}
