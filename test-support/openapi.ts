import { readFileSync } from 'node:fs';
import type { Permission } from '@allot/core';

/** A JSON Schema as the OpenAPI document writes it (only what the generated suites read). */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

interface DocumentOperation {
  'x-allot-permission'?: string;
  'x-allot-public'?: boolean;
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, DocumentOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** One operation of the committed document, with who may call it as its route declares. */
export interface Operation {
  method: string;
  /** The path as the document writes it: `/v1/tenants/{t}/users/{id}`. */
  path: string;
  /** `METHOD /path`, the name the suites report. */
  name: string;
  /** The declared permission; null for a public route or for one that declares nothing. */
  permission: Permission | null;
  public: boolean;
  pathParams: string[];
  query: Record<string, JsonSchema>;
  body: JsonSchema | null;
}

/** The committed `openapi.json`, read as it is at test time (the platform suite keeps it equal to the routes). */
export function committedDocument(): OpenApiDocument {
  return JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as OpenApiDocument;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const declared = operation['x-allot-permission'];
      out.push({
        method: method.toUpperCase(),
        path,
        name: `${method.toUpperCase()} ${path}`,
        permission: declared === undefined ? null : (declared as Permission),
        public: operation['x-allot-public'] === true,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
        query: Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema])),
        body: operation.requestBody?.content['application/json']?.schema ?? null,
      });
    }
  }
  return out;
}

/** The schema a `$ref` of the document points at (`#/components/schemas/X`), or the schema itself. */
export function resolveRef(document: OpenApiDocument, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref !== undefined && hops < 10; hops++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = document.components.schemas[name];
    if (target === undefined) throw new Error(`unresolved ${current.$ref}`);
    current = target;
  }
  return current;
}
