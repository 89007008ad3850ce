import { readFileSync } from 'node:fs';
import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import { AllotError } from '@allot/core';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';

/** How long connections may take and how many there may be (`ALLOT_IDLE_TIMEOUT` and friends). */
export interface ConnectionLimits {
  /** A connection must send complete request headers within this time of opening or of its last answer. */
  idleTimeoutMs: number;
  /** The most a whole request may take to arrive, body included; also the most a connection may sit silent. */
  requestTimeoutMs: number;
  /** Open connections from one remote address; 0 for no cap (behind a reverse proxy that pools). */
  perAddress: number;
  /** Open connections in all, below the process's descriptor limit. */
  total: number;
}

/** Descriptors kept for everything but client connections: the database pool, files, mail, webhooks. */
const reservedDescriptors = 128;

/** The soft limit on open files of this process (`ulimit -n`), where the system tells it. */
export function descriptorLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = Number(line?.split(/\s{2,}/)[1]);
    return Number.isInteger(soft) && soft > 0 ? soft : null;
  } catch {
    return null;
  }
}

export const defaultConnectionLimits: ConnectionLimits = {
  idleTimeoutMs: 15_000,
  requestTimeoutMs: 60_000,
  perAddress: 256,
  total: Math.max(64, (descriptorLimit() ?? 1024) - reservedDescriptors),
};

/**
 * Fastify's and Node's timeouts for the limits. Node closes a connection whose headers are late
 * with a 408; it looks for late ones every `connectionsCheckingInterval` (30 s by default, too
 * coarse for a 15 s limit).
 */
export function timeoutOptions(limits: ConnectionLimits): Pick<FastifyServerOptions, 'keepAliveTimeout' | 'requestTimeout' | 'connectionTimeout'> & { http: ServerOptions } {
  return {
    keepAliveTimeout: limits.idleTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.requestTimeoutMs,
    http: { headersTimeout: limits.idleTimeoutMs, connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(limits.idleTimeoutMs / 4))) },
  };
}

const refusal = Symbol('allot.connectionRefusal');
type GuardedSocket = Socket & { [refusal]?: string };

/** How long a connection over a limit may take to send the request it is answered 503 to. */
const refusedGraceMs = 2000;

/**
 * Counts open connections, in all and per remote address. One over a limit is kept just long
 * enough to answer its first request 503 (`unavailable`, see `refuseOverLimit`) and closed;
 * one that sends nothing is closed after a moment. Past the limit and a small margin the kernel's
 * connection is closed at once (`maxConnections`), so that the process never runs out of
 * descriptors and what it already serves (`/healthz` included) goes on.
 */
export function guardConnections(server: Server, limits: ConnectionLimits): void {
  let open = 0;
  const byAddress = new Map<string, number>();
  server.maxConnections = limits.total + Math.floor(reservedDescriptors / 2);
  server.on('connection', (socket: GuardedSocket) => {
    const address = socket.remoteAddress ?? '';
    const fromAddress = (byAddress.get(address) ?? 0) + 1;
    open++;
    byAddress.set(address, fromAddress);
    socket.once('close', () => {
      open--;
      const left = (byAddress.get(address) ?? 1) - 1;
      if (left === 0) byAddress.delete(address);
      else byAddress.set(address, left);
    });
    if (open > limits.total) socket[refusal] = 'The server has as many connections open as it can take; try again in a moment.';
    else if (limits.perAddress > 0 && fromAddress > limits.perAddress) socket[refusal] = `Your address has ${limits.perAddress} connections open, the most one address may have; close some or try again in a moment.`;
    if (socket[refusal] !== undefined) socket.setTimeout(refusedGraceMs, () => socket.destroy());
  });
}

/** In the first request hook: a connection over a limit is answered 503 and closed. */
export function refuseOverLimit(request: FastifyRequest, reply: FastifyReply): void {
  const reason = (request.raw.socket as GuardedSocket | undefined)?.[refusal];
  if (reason === undefined) return;
  void reply.header('connection', 'close');
  throw new AllotError('unavailable', reason, { retryAfterSeconds: 1 });
}
