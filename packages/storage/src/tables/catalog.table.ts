export interface ProductsTable {
  id: string;
  code: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface ModulesTable {
  id: string;
  product_id: string;
  code: string;
  name: string;
  created_at: string;
}

export interface SolutionsTable {
  id: string;
  code: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface SolutionModulesTable {
  solution_id: string;
  module_id: string;
}
