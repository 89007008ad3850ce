import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got: its headers and the raw body, as a verifier sees them. */
export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** How a receiver answers: a status, a redirect, or never. */
export type Behaviour = number | 'hang' | { redirect: string; status?: number };

/** A local HTTP endpoint for webhooks: records every request and answers as told (the next queued behaviour, else `otherwise`). */
export interface Receiver {
  url: string;
  received: Received[];
  /** Behaviours for the next requests, in order. */
  queue: Behaviour[];
  otherwise: Behaviour;
  /** Called on each request as it arrives, before it is answered. */
  onRequest?: (request: Received) => void;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(otherwise: Behaviour = 200): Promise<Receiver> {
  const hanging: ServerResponse[] = [];
  const receiver = { received: [] as Received[], queue: [] as Behaviour[], otherwise } as Receiver;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const got: Received = { path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      receiver.received.push(got);
      receiver.onRequest?.(got);
      const behaviour = receiver.queue.shift() ?? receiver.otherwise;
      if (behaviour === 'hang') {
        hanging.push(response);
        return;
      }
      if (typeof behaviour === 'number') {
        response.writeHead(behaviour, { 'content-type': 'text/plain' }).end(String(behaviour));
        return;
      }
      response.writeHead(behaviour.status ?? 301, { location: behaviour.redirect }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.waitFor = async (count, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (receiver.received.length < count) {
      if (Date.now() > deadline) throw new Error(`waited for ${count} requests, got ${receiver.received.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  receiver.close = async () => {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}
