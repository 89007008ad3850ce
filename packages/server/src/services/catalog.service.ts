import { AllotError, codeKey, compareCodes, notFound, type CatalogModule, type License, type Page, type Product, type Solution } from '@allot/core';
import {
  deleteProduct as removeProduct,
  deleteSolution as removeSolution,
  findProduct,
  findProductByCode,
  findSolution,
  findSolutionByCode,
  insertModules,
  insertProduct,
  insertSolution,
  isUniqueViolation,
  listProducts as queryProducts,
  listSolutions as querySolutions,
  newId,
  resolveModuleRefs,
  setSolutionModules,
  solutionsUsingProduct,
  updateProductName,
  updateSolutionName,
  type Db,
  type PageRequest,
} from '@allot/storage';
import { audit, inTransaction, type ServiceContext } from './context.js';

/** Codes given more than once, ignoring case (as they are unique). */
function duplicateCodes(codes: readonly string[]): string[] {
  const keys = codes.map(codeKey);
  return [...new Set(codes.filter((_, i) => keys.indexOf(keys[i] ?? '') !== i))];
}

function refuseDuplicateModules(modules: readonly CatalogModule[], field: string): void {
  const dupes = duplicateCodes(modules.map((m) => m.code));
  if (dupes.length > 0) throw new AllotError('invalid_request', `Module code ${dupes.join(', ')} appears twice.`, { field });
}

export async function createProduct(ctx: ServiceContext, input: { code: string; name: string; modules?: CatalogModule[] | undefined }): Promise<Product> {
  const modules = input.modules ?? [];
  refuseDuplicateModules(modules, 'modules');
  const now = ctx.clock.now();
  const product: Product = { id: newId('prd'), code: input.code, name: input.name, modules, createdAt: now, updatedAt: now };
  try {
    await inTransaction(ctx, async (trx) => {
      await insertProduct(trx, product, modules.map(() => newId('mod')));
      await audit(ctx, trx, { tenantId: null, action: 'product.created', targetType: 'product', targetId: product.id, after: product, at: now });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AllotError('already_exists', `A product with code ${input.code} exists.`, { field: 'code' });
    throw error;
  }
  return { ...product, modules: [...modules].sort((a, b) => compareCodes(a.code, b.code)) };
}

export async function getProduct(ctx: ServiceContext, id: string): Promise<Product> {
  const product = await findProduct(ctx.store.db, id);
  if (product === null) throw notFound('product', id);
  return product;
}

export function listProducts(ctx: ServiceContext, page: PageRequest): Promise<Page<Product>> {
  return queryProducts(ctx.store.db, page);
}

/** Renames a product and adds modules; modules are never removed here, licenses may name them. */
export async function updateProduct(ctx: ServiceContext, id: string, patch: { name?: string | undefined; addModules?: CatalogModule[] | undefined }): Promise<Product> {
  const now = ctx.clock.now();
  const added = patch.addModules ?? [];
  refuseDuplicateModules(added, 'addModules');
  try {
    return await inTransaction(ctx, async (trx) => {
      const before = await findProduct(trx, id);
      if (before === null) throw notFound('product', id);
      if (patch.name !== undefined) await updateProductName(trx, id, patch.name, now);
      await insertModules(trx, id, added, added.map(() => newId('mod')), now);
      const after = await findProduct(trx, id);
      if (after === null) throw notFound('product', id);
      await audit(ctx, trx, { tenantId: null, action: 'product.updated', targetType: 'product', targetId: id, before, after, at: now });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AllotError('already_exists', 'The product already has a module with that code.', { field: 'addModules' });
    throw error;
  }
}

export async function deleteProduct(ctx: ServiceContext, id: string): Promise<void> {
  const now = ctx.clock.now();
  await inTransaction(ctx, async (trx) => {
    const before = await findProduct(trx, id);
    if (before === null) throw notFound('product', id);
    const solutions = await solutionsUsingProduct(trx, id);
    if (solutions.length > 0) {
      throw new AllotError('conflict', `Solutions ${solutions.join(', ')} use modules of this product.`, { solutions });
    }
    await removeProduct(trx, id);
    await audit(ctx, trx, { tenantId: null, action: 'product.deleted', targetType: 'product', targetId: id, before, at: now });
  });
}

/** The ids of the modules that `product:module` references name, ignoring case, each once. */
async function moduleIds(trx: Db, refs: readonly string[]): Promise<string[]> {
  const unique = [...new Set(refs)];
  const resolved = await resolveModuleRefs(trx, unique);
  const missing = unique.filter((ref) => !resolved.has(ref));
  if (missing.length > 0) throw new AllotError('unknown_module', `The catalog has no module ${missing.join(', ')}.`, { modules: missing });
  return [...new Set([...resolved.values()].map((m) => m.id))];
}

export async function createSolution(ctx: ServiceContext, input: { code: string; name: string; modules: string[] }): Promise<Solution> {
  const now = ctx.clock.now();
  try {
    return await inTransaction(ctx, async (trx) => {
      const ids = await moduleIds(trx, input.modules);
      const id = newId('sol');
      await insertSolution(trx, { id, code: input.code, name: input.name, createdAt: now, updatedAt: now }, ids);
      const solution = await findSolution(trx, id);
      if (solution === null) throw notFound('solution', id);
      await audit(ctx, trx, { tenantId: null, action: 'solution.created', targetType: 'solution', targetId: id, after: solution, at: now });
      return solution;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AllotError('already_exists', `A solution with code ${input.code} exists.`, { field: 'code' });
    throw error;
  }
}

export async function getSolution(ctx: ServiceContext, id: string): Promise<Solution> {
  const solution = await findSolution(ctx.store.db, id);
  if (solution === null) throw notFound('solution', id);
  return solution;
}

export function listSolutions(ctx: ServiceContext, page: PageRequest): Promise<Page<Solution>> {
  return querySolutions(ctx.store.db, page);
}

export async function updateSolution(ctx: ServiceContext, id: string, patch: { name?: string | undefined; modules?: string[] | undefined }): Promise<Solution> {
  const now = ctx.clock.now();
  return inTransaction(ctx, async (trx) => {
    const before = await findSolution(trx, id);
    if (before === null) throw notFound('solution', id);
    if (patch.name !== undefined) await updateSolutionName(trx, id, patch.name, now);
    if (patch.modules !== undefined) await setSolutionModules(trx, id, await moduleIds(trx, patch.modules));
    const after = await findSolution(trx, id);
    if (after === null) throw notFound('solution', id);
    await audit(ctx, trx, { tenantId: null, action: 'solution.updated', targetType: 'solution', targetId: id, before, after, at: now });
    return after;
  });
}

export async function deleteSolution(ctx: ServiceContext, id: string): Promise<void> {
  const now = ctx.clock.now();
  await inTransaction(ctx, async (trx) => {
    const before = await findSolution(trx, id);
    if (before === null) throw notFound('solution', id);
    await removeSolution(trx, id);
    await audit(ctx, trx, { tenantId: null, action: 'solution.deleted', targetType: 'solution', targetId: id, before, at: now });
  });
}

/** What a license names in the catalog. */
export type LicenseSubject = Pick<License, 'product' | 'modules' | 'solution'>;

/**
 * A license's subject in the catalog's spelling where the catalog has it (codes are unique ignoring
 * case), and as given where it has not: a license file may name what this installation's catalog
 * lacks, and is loaded all the same.
 */
export async function inCatalogSpelling(trx: Db, subject: LicenseSubject): Promise<LicenseSubject> {
  const solution = subject.solution === null ? null : ((await findSolutionByCode(trx, subject.solution))?.code ?? subject.solution);
  if (subject.product === null) return { ...subject, solution };
  const product = await findProductByCode(trx, subject.product);
  if (product === null) return { ...subject, solution };
  const spelling = new Map(product.modules.map((m) => [codeKey(m.code), m.code]));
  const modules = subject.modules === null ? null : subject.modules.map((m) => spelling.get(codeKey(m)) ?? m);
  return { product: product.code, modules, solution };
}
