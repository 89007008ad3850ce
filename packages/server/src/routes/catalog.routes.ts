import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { listRoute } from '../http/list-route.js';
import { errorResponses, IdParams } from '../schemas/common.js';
import { NewProduct, NewSolution, Product, ProductPatch, Solution, SolutionPatch } from '../schemas/catalog.schema.js';
import {
  createProduct,
  createSolution,
  deleteProduct,
  deleteSolution,
  getProduct,
  getSolution,
  listProducts,
  listSolutions,
  updateProduct,
  updateSolution,
} from '../services/catalog.service.js';

const tags = ['catalog'];

export function catalogRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/products',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Create a product with modules', body: NewProduct, response: { 201: Product, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createProduct(contextOf(request, deps), request.body)),
  );
  listRoute(app, {
    url: '/v1/products',
    permission: 'catalog.read',
    tags,
    summary: 'List products',
    item: Product,
    csvName: 'products',
    page: (request, _filter, page) => listProducts(contextOf(request, deps), page),
  });
  app.get(
    '/v1/products/:id',
    { config: { permission: 'catalog.read' }, schema: { tags, summary: 'One product', params: IdParams, response: { 200: Product, ...errorResponses } } },
    async (request) => getProduct(contextOf(request, deps), request.params.id),
  );
  app.patch(
    '/v1/products/:id',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Rename a product or add modules', params: IdParams, body: ProductPatch, response: { 200: Product, ...errorResponses } } },
    async (request) => updateProduct(contextOf(request, deps), request.params.id, request.body),
  );
  app.delete(
    '/v1/products/:id',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Delete a product no solution uses', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteProduct(contextOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/solutions',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Create a solution (a named set of modules)', body: NewSolution, response: { 201: Solution, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createSolution(contextOf(request, deps), request.body)),
  );
  listRoute(app, {
    url: '/v1/solutions',
    permission: 'catalog.read',
    tags,
    summary: 'List solutions',
    item: Solution,
    csvName: 'solutions',
    page: (request, _filter, page) => listSolutions(contextOf(request, deps), page),
  });
  app.get(
    '/v1/solutions/:id',
    { config: { permission: 'catalog.read' }, schema: { tags, summary: 'One solution', params: IdParams, response: { 200: Solution, ...errorResponses } } },
    async (request) => getSolution(contextOf(request, deps), request.params.id),
  );
  app.patch(
    '/v1/solutions/:id',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: "Rename a solution or replace its modules", params: IdParams, body: SolutionPatch, response: { 200: Solution, ...errorResponses } } },
    async (request) => updateSolution(contextOf(request, deps), request.params.id, request.body),
  );
  app.delete(
    '/v1/solutions/:id',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Delete a solution', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteSolution(contextOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
