// The bench's webhook receiver, in a process of its own (run by Node itself: erasable types only).
// Answers every POST 204 and remembers [path, webhook-id, arrival]; GET /arrivals hands them over
// and forgets them. Arrival times are epoch milliseconds with sub-millisecond precision.
import { createServer } from 'node:http';

const arrivals: [string, string, number][] = [];
const server = createServer((request, response) => {
  if (request.method === 'GET') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(arrivals.splice(0)));
    return;
  }
  request.resume();
  request.on('end', () => {
    arrivals.push([request.url ?? '', String(request.headers['webhook-id']), performance.timeOrigin + performance.now()]);
    response.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
