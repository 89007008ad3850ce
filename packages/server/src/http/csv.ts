import { toCsv, type Page } from '@allot/core';
import type { FastifyReply } from 'fastify';

/** The most rows one CSV export holds; narrow the filters for more. */
export const csvRowLimit = 100_000;

/**
 * Answers a list as a CSV file of every row matching the filters (not just one page), for
 * `?format=csv`. `fetchPage` is the list's own query, called page after page.
 */
export async function sendCsv<T extends object>(
  reply: FastifyReply,
  fileName: string,
  columns: readonly string[],
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): Promise<FastifyReply> {
  const rows: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && rows.length < csvRowLimit);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}.csv"`)
    .send(toCsv(columns, rows.slice(0, csvRowLimit) as Record<string, unknown>[]));
}
