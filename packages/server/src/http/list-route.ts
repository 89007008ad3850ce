import type { Page, Permission } from '@allot/core';
import type { PageRequest } from '@allot/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type, { type Static, type TObject, type TProperties, type TSchema } from 'typebox';
import { errorResponses, Nullable } from '../schemas/common.js';
import type { App } from './app-types.js';
import { sendCsv } from './csv.js';

/** Rows fetched per query while a CSV export walks every page. */
const csvPageSize = 500;

const paging = {
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the page before' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'items per page (a CSV export holds every matching row)' })),
  format: Type.Optional(Type.Enum(['json', 'csv'], { description: 'csv: every matching row as a CSV file' })),
};

/** The request a list's page function sees: its path parameters typed, the rest as Fastify has it. */
export type ListRequest<Params extends TProperties> = FastifyRequest & { params: Static<TObject<Params>> };

/** What the answer of a list holds besides its page. */
type Answer<Item extends TProperties, Summary extends TProperties> = Page<Static<TObject<Item>>> & Static<TObject<Summary>>;

export interface ListRoute<Params extends TProperties, Filters extends TProperties, Item extends TProperties, Summary extends TProperties> {
  url: string;
  permission: Permission;
  tags: string[];
  summary: string;
  params?: TObject<Params>;
  /** The list's filters, each an optional query parameter. */
  filters?: Filters;
  /** One item: its fields, in this order, are the CSV columns. */
  item: TObject<Item>;
  /** Fields the answer carries next to `items` and `nextCursor` (a summary; never in the CSV). */
  summaryFields?: Summary;
  /** The CSV file's name, without `.csv`. */
  csvName: string;
  /** Error answers beyond the usual ones (422 for a license of another model). */
  responses?: Record<number, TSchema>;
  /** One page of the list: the service's own query. */
  page: (request: ListRequest<Params>, filter: Static<TObject<Filters>>, page: PageRequest) => Promise<Answer<Item, Summary>>;
}

/** The query string of a list: paging, `format` and its filters. */
export function listQuerySchema<Filters extends TProperties>(filters: Filters) {
  return Type.Object({ ...paging, ...filters });
}

/**
 * Registers a list route: `{items, nextCursor}` (and its summary fields) page by page with
 * `?cursor=` and `?limit=`, its filters as query parameters, and with `?format=csv` every matching
 * row as a CSV file whose columns are the item's fields (arrays and objects as JSON text).
 */
export function listRoute<Params extends TProperties, Filters extends TProperties, Item extends TProperties, Summary extends TProperties = Record<never, TSchema>>(
  app: App,
  spec: ListRoute<Params, Filters, Item, Summary>,
): void {
  const columns = Object.keys(spec.item.properties);
  const body = Type.Object({ items: Type.Array(spec.item), nextCursor: Nullable(Type.String()), ...(spec.summaryFields ?? {}) });
  app.route({
    method: 'GET',
    url: spec.url,
    config: { permission: spec.permission },
    schema: {
      tags: spec.tags,
      summary: spec.summary,
      description: 'A page of `items` and the `nextCursor` of the next page (null on the last). With `format=csv`, every matching row as CSV.',
      ...(spec.params === undefined ? {} : { params: spec.params }),
      querystring: listQuerySchema(spec.filters ?? {}),
      response: {
        200: { description: 'A page, or with format=csv the whole list as CSV', content: { 'application/json': { schema: body }, 'text/csv': { schema: { type: 'string' } } } },
        ...errorResponses,
        ...spec.responses,
      },
    },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const { cursor, limit, format, ...filter } = request.query as { cursor?: string; limit: number; format?: 'json' | 'csv' } & Static<TObject<Filters>>;
      const typed = request as ListRequest<Params>;
      const filters = filter as unknown as Static<TObject<Filters>>;
      if (format === 'csv') return sendCsv(reply, spec.csvName, columns, (from) => spec.page(typed, filters, { cursor: from, limit: csvPageSize }));
      return spec.page(typed, filters, { cursor, limit });
    },
  });
}
