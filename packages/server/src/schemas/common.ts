import { codeFormat, moduleRefFormat } from '@allot/core';
import Type, { type TProperties, type TSchema, type Static } from 'typebox';

/** `{ type: [T, 'null'] }` for a primitive, which the JSON serializer handles fastest. */
export function Nullable<T extends TSchema & { type: string }>(schema: T) {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });
}

export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 instant, UTC' });

export const Name = Type.String({ minLength: 1, maxLength: 200 });

/** A vendor's code (product, module, solution, license, component): the format lives in core. */
export const Code = Type.String({ pattern: codeFormat.pattern, description: codeFormat.description });

/** `product:module`, each part a code. */
export const ModuleRef = Type.String({ pattern: moduleRefFormat.pattern, description: moduleRefFormat.description });

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'stable error code' }),
    requestId: Type.String(),
  },
  { additionalProperties: true, description: 'application/problem+json (RFC 9457)', $id: 'Problem' },
);

/** A reference to the shared problem schema, so that the document states it once. */
const Problem = Type.Unsafe<Static<typeof ProblemSchema>>({ $ref: 'Problem#' });

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });
}

const paging = {
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the page before' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
};

export const ListQuery = Type.Object(paging);

/** A list's query string: paging and the given filters. */
export function listQuery<P extends TProperties>(filters: P) {
  return Type.Object({ ...paging, ...filters });
}

/** A list that also answers CSV with `?format=csv`. */
export function csvListQuery<P extends TProperties>(filters: P) {
  return Type.Object({ ...paging, ...filters, format: Type.Optional(Type.Enum(['json', 'csv'])) });
}

export const TenantParams = Type.Object({ t: Type.String() });
export const IdParams = Type.Object({ id: Type.String() });
export const TenantIdParams = Type.Object({ t: Type.String(), id: Type.String() });

/** Error answers every route may give, documented once. */
export const errorResponses = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  413: Problem,
  415: Problem,
  429: Problem,
};
