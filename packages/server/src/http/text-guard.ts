import { AllotError } from '@allot/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare global {
  interface String {
    /** ES2024, in every Node Allot runs on: false when the string holds a lone surrogate. */
    isWellFormed(): boolean;
  }
}

/** What makes a string unstorable: a NUL (PostgreSQL text cannot hold one) or a lone surrogate. */
type Flaw = 'nul' | 'surrogate';

function flawOf(text: string): Flaw | null {
  if (text.includes('\u0000')) return 'nul';
  return text.isWellFormed() ? null : 'surrogate';
}

interface Found {
  field: string;
  flaw: Flaw;
}

/**
 * The path of the first string (or key) holding a NUL character or a lone surrogate. Walks without
 * allocating until it finds one: bodies of a thousand events pass through here.
 */
function flawedText(value: unknown, path: string[] = []): Found | null {
  if (typeof value === 'string') {
    const flaw = flawOf(value);
    return flaw === null ? null : { field: path.join('.') || '(root)', flaw };
  }
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      const found = flawedText(value[i], path);
      path.pop();
      if (found !== null) return found;
    }
    return null;
  }
  for (const key in value) {
    path.push(key);
    const keyFlaw = flawOf(key);
    const found = keyFlaw !== null ? { field: path.join('.'), flaw: keyFlaw } : flawedText((value as Record<string, unknown>)[key], path);
    path.pop();
    if (found !== null) return found;
  }
  return null;
}

const described: Record<Flaw, string> = {
  nul: 'holds a NUL character',
  // PostgreSQL would store U+FFFD in its place while the answer echoed the original.
  surrogate: 'holds a lone UTF-16 surrogate, which is not text',
};

const refusal = (found: Found, part: 'body' | 'query' | 'path') =>
  new AllotError('invalid_request', `${part} field ${found.field} ${described[found.flaw]}.`, { field: found.field, in: part });

/**
 * Refuses NUL characters and lone surrogates anywhere in the input: no database column stores them
 * as given, and no Allot field needs one. An id with a NUL names nothing (404); any other flaw is a
 * 400 naming the field.
 */
export function refuseBadTextInPathAndQuery(request: FastifyRequest): void {
  // A request line cannot hold a raw NUL (the HTTP parser refuses it): only `%00` decodes to one.
  // Percent-decoding never makes a lone surrogate either (an encoded one is a bad URL), so only a
  // URL that is itself not well-formed text can bring one.
  const url = request.url;
  if (!url.includes('%00') && url.isWellFormed()) return;
  const inParams = flawedText(request.params);
  if (inParams?.flaw === 'nul') throw new AllotError('not_found', 'No resource has that id.', { field: inParams.field });
  if (inParams !== null) throw refusal(inParams, 'path');
  const inQuery = flawedText(request.query);
  if (inQuery !== null) throw refusal(inQuery, 'query');
}

/**
 * JSON carries a NUL or a lone surrogate only as a `\u` escape (raw control characters are invalid
 * JSON, and UTF-8 cannot encode a surrogate), so the parsed value is walked only when the text
 * holds `\u0000` or an escape in D800–DFFF; a well-paired emoji escape costs one walk, nothing more.
 */
const suspectEscape = /\\u(?:0000|[dD][89a-fA-F])/;

/**
 * The body parsers: Fastify's own (JSON with prototype-poisoning refused, text as is), refusing
 * NUL characters and lone surrogates too.
 */
export function refuseBadTextInBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error, value) => {
      if (error !== null) return done(error, undefined);
      const found = suspectEscape.test(body as string) ? flawedText(value) : null;
      return found === null ? done(null, value) : done(refusal(found, 'body'), undefined);
    });
  });
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    const flaw = flawOf(body as string);
    return flaw === null ? done(null, body) : done(refusal({ field: '(root)', flaw }, 'body'), undefined);
  });
}
