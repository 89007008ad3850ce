import { codeKey, compareCodes, type CatalogModule, type Page, type Product, type Solution } from '@allot/core';
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { cursorId, toPage, type PageRequest } from './page.js';

interface ProductRow {
  id: string;
  code: string;
  name: string;
  created_at: string;
  updated_at: string;
}

async function withModules(db: Db, rows: ProductRow[]): Promise<Product[]> {
  if (rows.length === 0) return [];
  const modules = await db
    .selectFrom('modules')
    .select(['product_id', 'code', 'name'])
    .where('product_id', 'in', rows.map((r) => r.id))
    .execute();
  // Sorted here, not by the database: collations differ between SQLite and PostgreSQL.
  modules.sort((a, b) => compareCodes(a.code, b.code));
  const byProduct = new Map<string, CatalogModule[]>();
  for (const m of modules) {
    const list = byProduct.get(m.product_id) ?? [];
    list.push({ code: m.code, name: m.name });
    byProduct.set(m.product_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    modules: byProduct.get(r.id) ?? [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function insertProduct(db: Db, product: Product, moduleIds: readonly string[]): Promise<void> {
  await db
    .insertInto('products')
    .values({ id: product.id, code: product.code, name: product.name, created_at: product.createdAt, updated_at: product.updatedAt })
    .execute();
  await insertModules(db, product.id, product.modules, moduleIds, product.createdAt);
}

export async function insertModules(
  db: Db,
  productId: string,
  modules: readonly CatalogModule[],
  ids: readonly string[],
  at: string,
): Promise<void> {
  if (modules.length === 0) return;
  await db
    .insertInto('modules')
    .values(modules.map((m, i) => ({ id: ids[i] ?? '', product_id: productId, code: m.code, name: m.name, created_at: at })))
    .execute();
}

export async function findProduct(db: Db, id: string): Promise<Product | null> {
  const row = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ((await withModules(db, [row]))[0] ?? null) : null;
}

/** Codes are unique ignoring case: `lower(code)` is what the unique indexes hold and lookups use. */
const lowerCode = (column: string) => sql<string>`lower(${sql.ref(column)})`;

/** The product whose code is `code` ignoring case. */
export async function findProductByCode(db: Db, code: string): Promise<Product | null> {
  const row = await db.selectFrom('products').selectAll().where(lowerCode('code'), '=', codeKey(code)).executeTakeFirst();
  return row ? ((await withModules(db, [row]))[0] ?? null) : null;
}

export async function listProducts(db: Db, page: PageRequest): Promise<Page<Product>> {
  let query = db.selectFrom('products').selectAll().orderBy('id').limit(page.limit + 1);
  const after = cursorId(page);
  if (after !== null) query = query.where('id', '>', after);
  return toPage(await withModules(db, await query.execute()), page.limit);
}

export async function updateProductName(db: Db, id: string, name: string, updatedAt: string): Promise<void> {
  await db.updateTable('products').set({ name, updated_at: updatedAt }).where('id', '=', id).execute();
}

export async function deleteProduct(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('products').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** A module of the catalog found for a `product:module` reference: its id and its catalog spelling. */
export interface ResolvedModule {
  id: string;
  /** `product:module` as the catalog spells it. */
  ref: string;
}

/**
 * The modules that `product:module` references name, ignoring case (codes are unique that way), keyed
 * by the reference as given; references that name no module are left out.
 */
export async function resolveModuleRefs(db: Db, refs: readonly string[]): Promise<Map<string, ResolvedModule>> {
  if (refs.length === 0) return new Map();
  const rows = await db
    .selectFrom('modules')
    .innerJoin('products', 'products.id', 'modules.product_id')
    .select(['modules.id as id', 'products.code as product', 'modules.code as module'])
    .where((eb) => eb.or(refs.map((ref) => {
      const [product = '', module = ''] = ref.split(':');
      return eb.and([eb(lowerCode('products.code'), '=', codeKey(product)), eb(lowerCode('modules.code'), '=', codeKey(module))]);
    })))
    .execute();
  const byKey = new Map(rows.map((r) => [codeKey(`${r.product}:${r.module}`), { id: r.id, ref: `${r.product}:${r.module}` }]));
  const resolved = new Map<string, ResolvedModule>();
  for (const ref of refs) {
    const found = byKey.get(codeKey(ref));
    if (found !== undefined) resolved.set(ref, found);
  }
  return resolved;
}

/** Solutions that use a module of the product: a product they need cannot be deleted. */
export async function solutionsUsingProduct(db: Db, productId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('solution_modules')
    .innerJoin('modules', 'modules.id', 'solution_modules.module_id')
    .innerJoin('solutions', 'solutions.id', 'solution_modules.solution_id')
    .select('solutions.code')
    .distinct()
    .where('modules.product_id', '=', productId)
    .execute();
  return rows.map((r) => r.code);
}

interface SolutionRow {
  id: string;
  code: string;
  name: string;
  created_at: string;
  updated_at: string;
}

async function withSolutionModules(db: Db, rows: SolutionRow[]): Promise<Solution[]> {
  if (rows.length === 0) return [];
  const modules = await db
    .selectFrom('solution_modules')
    .innerJoin('modules', 'modules.id', 'solution_modules.module_id')
    .innerJoin('products', 'products.id', 'modules.product_id')
    .select(['solution_modules.solution_id as solutionId', 'products.code as product', 'modules.code as module'])
    .where('solution_modules.solution_id', 'in', rows.map((r) => r.id))
    .execute();
  modules.sort((a, b) => compareCodes(a.product, b.product) || compareCodes(a.module, b.module));
  const bySolution = new Map<string, string[]>();
  for (const m of modules) {
    const list = bySolution.get(m.solutionId) ?? [];
    list.push(`${m.product}:${m.module}`);
    bySolution.set(m.solutionId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    modules: bySolution.get(r.id) ?? [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function insertSolution(db: Db, solution: Omit<Solution, 'modules'>, moduleIds: readonly string[]): Promise<void> {
  await db
    .insertInto('solutions')
    .values({ id: solution.id, code: solution.code, name: solution.name, created_at: solution.createdAt, updated_at: solution.updatedAt })
    .execute();
  await setSolutionModules(db, solution.id, moduleIds);
}

export async function setSolutionModules(db: Db, solutionId: string, moduleIds: readonly string[]): Promise<void> {
  await db.deleteFrom('solution_modules').where('solution_id', '=', solutionId).execute();
  if (moduleIds.length === 0) return;
  await db
    .insertInto('solution_modules')
    .values(moduleIds.map((moduleId) => ({ solution_id: solutionId, module_id: moduleId })))
    .execute();
}

export async function findSolution(db: Db, id: string): Promise<Solution | null> {
  const row = await db.selectFrom('solutions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ((await withSolutionModules(db, [row]))[0] ?? null) : null;
}

/** The solution whose code is `code` ignoring case. */
export async function findSolutionByCode(db: Db, code: string): Promise<Solution | null> {
  const row = await db.selectFrom('solutions').selectAll().where(lowerCode('code'), '=', codeKey(code)).executeTakeFirst();
  return row ? ((await withSolutionModules(db, [row]))[0] ?? null) : null;
}

export async function listSolutions(db: Db, page: PageRequest): Promise<Page<Solution>> {
  let query = db.selectFrom('solutions').selectAll().orderBy('id').limit(page.limit + 1);
  const after = cursorId(page);
  if (after !== null) query = query.where('id', '>', after);
  return toPage(await withSolutionModules(db, await query.execute()), page.limit);
}

export async function updateSolutionName(db: Db, id: string, name: string, updatedAt: string): Promise<void> {
  await db.updateTable('solutions').set({ name, updated_at: updatedAt }).where('id', '=', id).execute();
}

export async function deleteSolution(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('solutions').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
