import { api } from '../api/client';
import { paths } from '../api/paths';
import type { Page, Problem, Product } from '../api/types';
import { useLoad } from './useLoad';

export interface CatalogModules {
  products: Product[];
  /** Every `product:module` of the catalog. */
  refs: string[];
  problem: Problem | null;
}

/** The catalog's products and their module references, for module pickers and suggestions. */
export function useCatalogModules(): CatalogModules {
  const catalog = useLoad<Page<Product>>('catalog-modules', () => api.get<Page<Product>>(paths.products, { limit: 500 }));
  const products = catalog.data?.items ?? [];
  return {
    products,
    refs: products.flatMap((product) => product.modules.map((module) => `${product.code}:${module.code}`)),
    problem: catalog.problem,
  };
}
