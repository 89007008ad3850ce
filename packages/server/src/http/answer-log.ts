import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { HttpMetrics } from './metrics.js';

/**
 * What every answer leaves behind: its route's metrics and one log line (method, route pattern,
 * URL, status, milliseconds). Fastify calls `requestCompleted` once an answer has been sent (or its
 * connection failed), routed or not; doing the bookkeeping here rather than in an `onResponse` hook
 * spares each answer the hook runner. Fastify's own request lines (incoming, completed, errored)
 * are not written: this line replaces them, and the error handler logs what went wrong.
 */
export class AnswerLog extends LogController {
  constructor(private readonly metrics: HttpMetrics) {
    super({ disableRequestLogging: true });
  }

  override requestCompleted(_error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const route = request.route;
    const ms = reply.elapsedTime;
    this.metrics.observe(request.method, route, reply.statusCode, ms / 1000);
    request.log.info({ method: request.method, route, url: request.url, status: reply.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
  }
}
