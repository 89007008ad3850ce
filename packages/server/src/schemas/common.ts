import { codeFormat, errorCodes, moduleRefFormat } from '@allot/core';
import Type, { type TSchema, type Static } from 'typebox';

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
    code: Type.Enum([...errorCodes], { description: 'stable error code' }),
    requestId: Type.String(),
    field: Type.Optional(Type.String({ description: 'the field at fault, as a dotted path (`items.0.quantity`), when one is' })),
    in: Type.Optional(Type.String({ description: 'the part of the request the field is in: body, querystring, params, query, path, …' })),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), { description: 'every schema violation found, the first of which `detail` describes' })),
  },
  { additionalProperties: true, description: 'application/problem+json (RFC 9457); codes add their own details (`seat_limit`: the license and seats needed and free, …)', $id: 'Problem' },
);

/** A reference to the shared problem schema, so that the document states it once. */
const Problem = Type.Unsafe<Static<typeof ProblemSchema>>({ $ref: 'Problem#' });

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
