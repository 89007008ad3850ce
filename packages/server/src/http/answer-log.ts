import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyRequest } from 'fastify';
import type { HttpMetrics } from './metrics.js';

declare module 'node:http' {
  interface IncomingMessage {
    /** The Fastify request made of this one, once routed (see `AnswerLog.begin`). */
    allotRequest?: FastifyRequest;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** `performance.now()` when the request was routed: the start of its duration. */
    startedAt: number;
  }
}

/** What Node publishes once an answer has been handed to the socket. */
interface AnswerFinished {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

const answerFinished = 'http.server.response.finish';

/**
 * What every answer of the listening server leaves behind: its route's metrics and one log line
 * (method, route pattern, URL, status, milliseconds). Node announces each finished answer on its
 * `http.server.response.finish` diagnostics channel, at no cost to an answer when nobody listens
 * and one call when we do: a listener on each response (what Fastify adds when it has a logger)
 * cost far more, for adding and removing two listeners per answer. So the app has no Fastify
 * logger (see `app.ts`), `begin` marks each routed request, and `attach` follows one server's
 * answers. Requests Fastify answers before routing them (a malformed URL) are not recorded, and
 * nor are `inject`ed ones, which no server carries. The error handler logs what went wrong.
 */
export class AnswerLog {
  constructor(private readonly metrics: HttpMetrics) {}

  /** Marks a routed request as the one to record when its answer is finished. */
  begin(request: FastifyRequest): void {
    request.startedAt = performance.now();
    request.raw.allotRequest = request;
  }

  /** Records the answers of `server` from now on; the function returned stops it. */
  attach(server: Server): () => void {
    const onFinished = (message: unknown): void => {
      const { request: raw, response, server: from } = message as AnswerFinished;
      const request = raw.allotRequest;
      if (from !== server || request === undefined) return;
      this.record(request, response.statusCode);
    };
    subscribe(answerFinished, onFinished);
    return () => void unsubscribe(answerFinished, onFinished);
  }

  private record(request: FastifyRequest, status: number): void {
    const route = request.route;
    const ms = performance.now() - request.startedAt;
    this.metrics.observe(request.method, route, status, ms / 1000);
    request.log.info({ method: request.method, route, url: request.url, status, ms: Math.round(ms * 10) / 10 }, 'request');
  }
}
