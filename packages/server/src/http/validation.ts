import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: coerce,
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

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const validate = (httpPart === 'body' ? strict : lenient).compile(schema);
  return (data: unknown) => (validate(data) ? { value: data } : { error: Object.assign(new Error('invalid'), { validation: validate.errors }) });
};
