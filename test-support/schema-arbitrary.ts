import fc from 'fast-check';
import { resolveRef, type JsonSchema, type OpenApiDocument } from './openapi.js';

/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document: values of the declared
 * shape (`validValue`), hostile ones (`hostileValue`), and bodies that mix both (`bodyArbitrary`).
 */

/** Real values to draw from for fields of these names, so that valid-shaped requests reach past the lookups. */
export type Hints = Record<string, readonly string[]>;

/** Characters that break naive code: lone surrogates, NUL and other controls, direction marks, quotes, emoji. */
const nastyChars = ['\ud800', '\udfff', '\udc00\ud800', '\u0000', '\u0001', '\u001f', '\u007f', '\u202e', '\u200b', '\ufeff', '\uffff', '😀', '\u0301', "'", '"', '\\', '%', '/', '\n', '\r\n', '<', '&', '$', '{'];

const char = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...nastyChars) },
);

/** Any string, short or very long, with every kind of character including lone surrogates and NUL. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: char, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: char, minLength: 200, maxLength: 2000 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'x'.repeat(5000),
      '😀'.repeat(3000),
      '\ud800',
      'a\u0000b',
      '__proto__',
      'constructor',
      "'; drop table tenants; --",
      '../../etc/passwd',
      '%00',
      '%FF',
      'null',
      'true',
      '1e999',
      'P99999999D',
      '9999-12-31T23:59:59.999Z',
      '+275760-09-13T00:00:00Z',
      '0000-00-00',
      '2024-02-30',
    ),
  },
);

/** Numbers that are too large, not whole, negative zero, beyond 2^53. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 0.5, 1e21, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), Number.MAX_VALUE, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Arrays and objects nested `depth` deep. */
export function nested(depth: number, inner: unknown = 1): unknown {
  let value: unknown = inner;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

/** Any hostile JSON value: wrong types, odd strings and numbers, prototype keys, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], [[]], { __proto__: null }, JSON.parse('{"__proto__":{"polluted":1}}') as unknown) },
  { weight: 1, arbitrary: fc.integer({ min: 20, max: 300 }).map((depth) => nested(depth)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
);

const typesOf = (schema: JsonSchema): string[] => (schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]);

/** Strings for fields that hold dates, instants or durations (the schemas say so in their description). */
const timeStrings = fc.oneof(
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.tuple(fc.integer({ min: 0, max: 400 }), fc.constantFrom('D', 'M', 'Y', 'W')).map(([n, unit]) => `P${n}${unit}`),
  fc.tuple(fc.integer({ min: 0, max: 100 }), fc.constantFrom('H', 'M', 'S')).map(([n, unit]) => `PT${n}${unit}`),
);

function stringOf(schema: JsonSchema & { description?: string }, name: string, hints: Hints): fc.Arbitrary<string> {
  const hinted = hints[name];
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 40, 40);
  let base: fc.Arbitrary<string>;
  if (schema.format === 'email') base = fc.emailAddress();
  else if (schema.format === 'date-time') base = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
  else if (schema.pattern !== undefined) base = fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= (schema.maxLength ?? 64));
  else if (/date|instant|duration|ISO 8601/i.test(schema.description ?? '')) base = fc.oneof({ weight: 4, arbitrary: timeStrings }, { weight: 1, arbitrary: hostileString.filter((text) => text.length <= (schema.maxLength ?? 1000)) });
  else {
    // Free text: plain, or any characters at all (lone surrogates, controls, emoji) within the declared length.
    const length = { minLength: Math.max(min, 1), maxLength: Math.max(max, Math.max(min, 1)) };
    base = fc.oneof(
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', ...length }) },
      { weight: 2, arbitrary: fc.string({ unit: char, ...length }) },
      { weight: 1, arbitrary: hostileString.filter((text) => text.length >= length.minLength && text.length <= (schema.maxLength ?? 1000)) },
    );
  }
  return hinted === undefined || hinted.length === 0 ? base : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hinted) }, { weight: 1, arbitrary: base });
}

/**
 * Values of the schema's shape: the right types, required fields present, no unknown fields,
 * lengths and bounds as declared (array lengths kept small). `name` is the field's name, for hints.
 */
export function validValue(document: OpenApiDocument, raw: JsonSchema, hints: Hints = {}, name = ''): fc.Arbitrary<unknown> {
  const schema = resolveRef(document, raw) as JsonSchema & { description?: string };
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined) return fc.oneof(...alternatives.map((alternative) => validValue(document, alternative, hints, name)));
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue(document, { ...schema, type }, hints, name)));
  switch (types[0]) {
    case 'string':
      return stringOf(schema, name, hints);
    case 'integer': {
      const min = schema.minimum ?? -1000;
      const max = schema.maximum ?? 1_000_000;
      return fc.oneof({ weight: 3, arbitrary: fc.integer({ min, max: Math.min(max, Math.max(min, 0) + 1000) }) }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = schema.items === undefined ? fc.jsonValue() : validValue(document, schema.items, hints, name);
      const minLength = schema.minItems ?? 0;
      return fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) });
    }
    case 'object':
    default: {
      if (schema.properties === undefined) return types[0] === 'object' ? fc.constant({}) : fc.jsonValue({ maxDepth: 2 });
      const properties = schema.properties;
      const required = schema.required ?? [];
      const optional = Object.keys(properties).filter((key) => !required.includes(key));
      // Mostly few optional fields, so that one odd field does not hide what the others reach.
      const chosen = fc.oneof({ weight: 3, arbitrary: fc.subarray(optional, { maxLength: Math.min(2, optional.length) }) }, { weight: 1, arbitrary: fc.subarray(optional) });
      const minProperties = schema.minProperties ?? 0;
      return chosen
        .filter((keys) => required.length + keys.length >= minProperties)
        .chain((keys) => fc.record(Object.fromEntries([...required, ...keys].map((key) => [key, validValue(document, properties[key] as JsonSchema, hints, key)]))));
    }
  }
}

/** Every path to a value inside `value` (object keys and array indexes), the root included as []. */
function pathsIn(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, i) => pathsIn(item, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) pathsIn(item, [...prefix, key], out);
  return out;
}

function replaceAt(value: unknown, path: (string | number)[], replacement: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replacement(value);
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaceAt(item, rest, replacement) : item));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    copy[String(head)] = replaceAt(copy[String(head)], rest, replacement);
    return copy;
  }
  return value;
}

/**
 * Values of the schema's shape with one string inside given a character that breaks naive code
 * (a lone surrogate, a control, a direction mark, an emoji) at some position: still of the
 * declared type, so that it reaches the services and the signing and storage behind them.
 */
export function seasonedValue(document: OpenApiDocument, schema: JsonSchema, hints: Hints = {}): fc.Arbitrary<unknown> {
  return validValue(document, schema, hints).chain((value) => {
    const strings = pathsIn(value).filter((path) => typeof valueAt(value, path) === 'string');
    if (strings.length === 0) return fc.constant(value);
    return fc
      .tuple(fc.constantFrom(...strings), fc.constantFrom(...nastyChars.filter((c) => c !== '\u0000')), fc.nat())
      .map(([path, nasty, at]) => replaceAt(value, path, (old) => {
        const text = String(old);
        const i = at % (text.length + 1);
        return text.length <= 1 ? nasty : text.slice(0, i) + nasty + text.slice(i + (text.length > 1 ? 1 : 0));
      }));
  });
}

function valueAt(value: unknown, path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[String(key)];
  }
  return current;
}

/** A JSON body as it goes on the wire: a value to stringify, or raw text (for what JSON.stringify cannot write). */
export type Body = { json: unknown } | { raw: string; contentType: string };

/**
 * Hostile bodies for a schema: valid-shaped with one place made hostile (a wrong type, an odd
 * string, a huge number, an extra or missing field, deep nesting), hostile at the root, or raw
 * text no serializer writes (1e999, duplicate keys, deep nesting, bad JSON, other content types).
 */
export function hostileBody(document: OpenApiDocument, schema: JsonSchema, hints: Hints = {}): fc.Arbitrary<Body> {
  const valid = validValue(document, schema, hints);
  const withHostileAt = valid.chain((value) =>
    fc.constantFrom(...pathsIn(value)).chain((path) =>
      fc.oneof(
        // a value of the wrong kind, or an odd one of the right kind
        hostileValue.map((hostile) => replaceAt(value, path, () => hostile)),
        // an extra field next to the ones declared
        fc.tuple(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'tenantId')), hostileValue).map(([key, extra]) =>
          replaceAt(value, path, (old) => (old !== null && typeof old === 'object' && !Array.isArray(old) ? { ...old, [key]: extra } : old)),
        ),
        // a field left out
        fc.constant(replaceAt(value, path.slice(0, -1), (parent) => {
          const last = path[path.length - 1];
          if (parent === null || typeof parent !== 'object' || last === undefined) return parent;
          if (Array.isArray(parent)) return parent.filter((_item, i) => i !== last);
          const { [String(last)]: _gone, ...rest } = parent as Record<string, unknown>;
          return rest;
        })),
      ),
    ),
  );
  const rawJson = fc.oneof(
    fc.constantFrom('{"quantity":1e999}', '{"a":1,"a":2}', '{', '[', '"unterminated', '{}garbage', '\ufeff{}', '{"__proto__":{"x":1}}', ' '),
    fc.integer({ min: 500, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    fc.integer({ min: 500, max: 3000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  );
  return fc.oneof(
    { weight: 6, arbitrary: withHostileAt.map((json): Body => ({ json })) },
    { weight: 1, arbitrary: hostileValue.map((json): Body => ({ json })) },
    { weight: 1, arbitrary: rawJson.map((raw): Body => ({ raw, contentType: 'application/json' })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/xml', 'multipart/form-data'))
        .map(([value, contentType]): Body => ({ raw: JSON.stringify(value) ?? '', contentType })),
    },
  );
}

/**
 * Percent-encodes every UTF-16 unit, lone surrogates included (as the three bytes a careless
 * encoder writes, which are not valid UTF-8), where `encodeURIComponent` would throw.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) out += `%${(0xe0 | (code >> 12)).toString(16).toUpperCase()}%${(0x80 | ((code >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** A place in a body: object keys and array indexes. */
export type FieldPath = (string | number)[];

/**
 * Every string field a body of the schema can hold, with the schema of the object or array that
 * holds it (to make that holder when a body lacks it). Array items are reached at index 0.
 */
export function stringFields(document: OpenApiDocument, raw: JsonSchema, prefix: FieldPath = [], depth = 0): { path: FieldPath; holder: JsonSchema; maxLength: number }[] {
  const schema = resolveRef(document, raw);
  const out: { path: FieldPath; holder: JsonSchema; maxLength: number }[] = [];
  if (depth > 4) return out;
  for (const alternative of schema.anyOf ?? schema.oneOf ?? []) out.push(...stringFields(document, alternative, prefix, depth + 1));
  const types = typesOf(schema);
  if (types.includes('object') && schema.properties !== undefined) {
    for (const [key, property] of Object.entries(schema.properties)) {
      const child = resolveRef(document, property);
      if (typesOf(child).includes('string') && child.enum === undefined) out.push({ path: [...prefix, key], holder: schema, maxLength: child.maxLength ?? 1000 });
      else out.push(...stringFields(document, child, [...prefix, key], depth + 1));
    }
  }
  if (types.includes('array') && schema.items !== undefined) {
    const item = resolveRef(document, schema.items);
    if (typesOf(item).includes('string') && item.enum === undefined) out.push({ path: [...prefix, 0], holder: schema, maxLength: item.maxLength ?? 1000 });
    else out.push(...stringFields(document, item, [...prefix, 0], depth + 1));
  }
  return out;
}

/**
 * `base` with the value at `path` set, the objects and arrays on the way made when missing (from
 * `make`, given the path of the missing holder).
 */
export function withValueAt(base: unknown, path: FieldPath, value: unknown, make: (holderPath: FieldPath) => unknown): unknown {
  const fits = (holder: unknown, key: string | number): boolean => (typeof key === 'number' ? Array.isArray(holder) : holder !== null && typeof holder === 'object' && !Array.isArray(holder));
  const set = (current: unknown, index: number): unknown => {
    const key = path[index];
    if (key === undefined) return value;
    let holder = current;
    if (!fits(holder, key)) holder = make(path.slice(0, index));
    if (!fits(holder, key)) holder = typeof key === 'number' ? [] : {};
    const copy = (Array.isArray(holder) ? [...holder] : { ...(holder as Record<string, unknown>) }) as Record<string | number, unknown>;
    copy[key] = set(copy[key], index + 1);
    return copy;
  };
  return set(base, 0);
}

/** The schema of the value at `path` in a body of `raw` (through object properties and array items). */
export function schemaAt(document: OpenApiDocument, raw: JsonSchema, path: FieldPath): JsonSchema | null {
  let schema: JsonSchema | undefined = resolveRef(document, raw);
  for (const key of path) {
    if (schema === undefined) return null;
    const next: JsonSchema | undefined = typeof key === 'number' ? schema.items : schema.properties?.[key];
    schema = next === undefined ? undefined : resolveRef(document, next);
  }
  return schema ?? null;
}
