export interface CatalogModule {
  code: string;
  name: string;
}

/** A product of the vendor's catalog with its modules. */
export interface Product {
  id: string;
  code: string;
  name: string;
  modules: CatalogModule[];
  createdAt: string;
  updatedAt: string;
}

/** A named set of modules across products, referenced as `product:module`. */
export interface Solution {
  id: string;
  code: string;
  name: string;
  modules: string[];
  createdAt: string;
  updatedAt: string;
}
