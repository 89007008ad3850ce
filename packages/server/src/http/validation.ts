import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler, RouteOptions } from 'fastify';
import type { CompiledOnFirstUse } from './compile-on-first-use.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Bodies are checked strictly: a wrong type or an unknown field is a 400 that names it, never a
 * silent coercion. Query strings and path parameters arrive as text and are coerced.
 */
const strict = makeAjv(false);
const lenient = makeAjv(true);

/**
 * A query string knows its parameters: an unknown one (a misspelt or unsupported filter) is a 400
 * naming it, never ignored, so that `?status=expired` cannot silently answer every row.
 */
function closed(schema: object): object {
  return { ...schema, additionalProperties: false };
}

/** The app's validator compiler: each route's validators compiled on their first use. */
export function validatorCompiler(firstUse: CompiledOnFirstUse): FastifySchemaCompiler<object> {
  return ({ schema, httpPart }) =>
    firstUse.wrap(() => {
      const validate = httpPart === 'body' ? strict.compile(schema) : lenient.compile(httpPart === 'querystring' ? closed(schema) : schema);
      // `true` keeps the data as validated (coerced and defaulted in place), with nothing allocated.
      return (data: unknown) => (validate(data) ? true : { error: Object.assign(new Error('invalid'), { validation: validate.errors }) });
    });
}

const noQuery = { type: 'object', properties: {} };

/**
 * An `onRoute` hook: an API route that declares no query parameters takes none, so that its query
 * string is validated (and refused when not empty) like every other.
 */
export function refuseUndeclaredQuery(route: RouteOptions): void {
  if (!route.url.startsWith('/v1/')) return;
  const schema = route.schema ?? {};
  if (schema.querystring === undefined) route.schema = { ...schema, querystring: noQuery };
}
