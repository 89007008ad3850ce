import * as schemas from './schemas/index.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A schema as @fastify/swagger writes it: a `const` as a one-value `enum`, a string-keyed record as `additionalProperties`. */
function asDocumented(schema: JsonObject): JsonObject {
  const { const: only, patternProperties, ...rest } = schema;
  const out: JsonObject = rest;
  if (only !== undefined) out.enum = [only];
  if (isObject(patternProperties)) {
    const patterns = Object.keys(patternProperties);
    if (patterns.length === 1 && patterns[0] === '^.*$') out.additionalProperties = patternProperties['^.*$'] as Json;
    else out.patternProperties = patternProperties;
  }
  return out;
}

/** A schema's identity for matching: its documented JSON with sorted keys (TypeBox's `~kind` and the like are left out by JSON). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (!isObject(inner)) return inner;
    const documented = asDocumented(inner);
    return Object.fromEntries(Object.keys(documented).sort().map((key) => [key, documented[key]]));
  });
}

/** The shapes worth a name: objects with properties, and enumerations of two or more values. */
function worthAName(schema: JsonObject): boolean {
  if (schema.type === 'object') return isObject(schema.properties) && Object.keys(schema.properties).length > 0;
  return Array.isArray(schema.enum) && schema.enum.length > 1;
}

/**
 * Every exported shape of `schemas/`, by its JSON without `$id` (the document leaves it out), named
 * by its `$id` when it has one, else by its export; the first export of a shape names it.
 */
function namedShapes(): Map<string, string> {
  const byShape = new Map<string, string>();
  for (const [name, value] of Object.entries(schemas as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) {
    if (!isObject(value) || !worthAName(value)) continue;
    const { $id, ...shape } = value;
    const key = canonical(shape);
    if (!byShape.has(key)) byShape.set(key, typeof $id === 'string' ? $id : name);
  }
  return byShape;
}

const childKeys = ['items', 'additionalProperties', 'not'] as const;
const childListKeys = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;

/**
 * The OpenAPI document with every shape of `schemas/` named once under `components.schemas` and
 * referenced by `$ref` wherever an operation uses it (Fastify inlines each route's schemas), so that
 * generated clients get `components['schemas']['Tenant']` instead of a hundred anonymous copies.
 * Only shapes some operation uses become components.
 */
export function withNamedComponents(document: JsonObject): JsonObject {
  const byShape = namedShapes();
  const components: JsonObject = {};
  const pending: [string, JsonObject][] = [];

  const named = (schema: JsonObject): string | undefined => (worthAName(schema) ? byShape.get(canonical(schema)) : undefined);

  /** The schema with its children named; the schema itself stays as it is. */
  const nameChildren = (schema: JsonObject): JsonObject => {
    const out: JsonObject = { ...schema };
    if (isObject(schema.properties)) {
      out.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, child]) => [key, isObject(child) ? name(child) : child]));
    }
    for (const key of childKeys) {
      const child = schema[key];
      if (isObject(child)) out[key] = name(child);
    }
    for (const key of childListKeys) {
      const list = schema[key];
      if (Array.isArray(list)) out[key] = list.map((child) => (isObject(child) ? name(child) : child));
    }
    return out;
  };

  /** A reference for a named shape (kept once under its name), or the schema with its children named. */
  const name = (schema: JsonObject): JsonObject => {
    const found = named(schema);
    if (found === undefined) return nameChildren(schema);
    if (!(found in components)) {
      components[found] = null;
      pending.push([found, schema]);
    }
    return { $ref: `#/components/schemas/${found}` };
  };

  const nameContent = (holder: Json | undefined): void => {
    if (!isObject(holder) || !isObject(holder.content)) return;
    for (const media of Object.values(holder.content)) if (isObject(media) && isObject(media.schema)) media.schema = name(media.schema);
  };

  const copy = structuredClone(document);
  for (const operations of Object.values(isObject(copy.paths) ? copy.paths : {})) {
    if (!isObject(operations)) continue;
    for (const operation of Object.values(operations)) {
      if (!isObject(operation)) continue;
      nameContent(operation.requestBody);
      if (isObject(operation.responses)) for (const response of Object.values(operation.responses)) nameContent(response);
    }
  }
  // A component's own parts are named too (a page's items, a license's usage), until none is left.
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) components[next[0]] = nameChildren(next[1]);

  const existing = isObject(copy.components) && isObject(copy.components.schemas) ? copy.components.schemas : {};
  const all: JsonObject = { ...existing, ...components };
  const sorted = Object.fromEntries(Object.keys(all).sort().map((key) => [key, all[key] as Json]));
  return { ...copy, components: { ...(isObject(copy.components) ? copy.components : {}), schemas: sorted } };
}
