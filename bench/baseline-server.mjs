// The yardstick: a bare node:http server that answers every request with a fixed JSON body.
// PORT, BASELINE_STATUS and BASELINE_BODY come from the environment (see lib/servers.mjs).
import { createServer } from 'node:http';

const port = Number(process.env.PORT);
const status = Number(process.env.BASELINE_STATUS ?? 200);
const body = Buffer.from(process.env.BASELINE_BODY ?? '{}');
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length };

const server = createServer((request, response) => {
  // Read the request body like a real server would before answering.
  request.resume();
  request.once('end', () => {
    response.writeHead(status, headers);
    response.end(body);
  });
});

server.listen(port, '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
