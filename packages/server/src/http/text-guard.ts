import { AllotError } from '@allot/core';
import type { FastifyRequest } from 'fastify';

/**
 * The path of the first string holding a NUL character, which no database column may store.
 * Walks without allocating until it finds one: bodies of a thousand events pass through here.
 */
function nulPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(root)' : null;
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      const found = nulPath(value[i], path);
      path.pop();
      if (found !== null) return found;
    }
    return null;
  }
  for (const key in value) {
    path.push(key);
    const found = key.includes('\u0000') ? path.join('.') : nulPath((value as Record<string, unknown>)[key], path);
    path.pop();
    if (found !== null) return found;
  }
  return null;
}

/**
 * Refuses NUL characters anywhere in the input: PostgreSQL text cannot hold them, and no Allot
 * field needs one. An id with one names nothing (404); a query or body field is a 400.
 */
export function refuseNulInPathAndQuery(request: FastifyRequest): void {
  const inParams = nulPath(request.params);
  if (inParams !== null) throw new AllotError('not_found', 'No resource has that id.', { field: inParams });
  const inQuery = nulPath(request.query);
  if (inQuery !== null) throw new AllotError('invalid_request', `query field ${inQuery} holds a NUL character.`, { field: inQuery, in: 'query' });
}

export function refuseNulInBody(request: FastifyRequest): void {
  const field = nulPath(request.body);
  if (field !== null) throw new AllotError('invalid_request', `body field ${field} holds a NUL character.`, { field, in: 'body' });
}
