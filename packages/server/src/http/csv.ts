import { toCsv } from '@allot/core';
import type { FastifyReply } from 'fastify';

/** Answers a list as CSV with a file name, for `?format=csv`. */
export function sendCsv(reply: FastifyReply, fileName: string, columns: readonly string[], rows: readonly object[]): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}.csv"`)
    .send(toCsv(columns, rows as Record<string, unknown>[]));
}
