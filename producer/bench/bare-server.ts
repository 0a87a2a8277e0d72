/** The baseline: node:http reading the body and answering 202 with a body like the producer's. */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = JSON.stringify({
      id: '01a209bb-522a-708b-b477-e1e008b1786d',
      type: 'kafkloud.message.v1',
      topic: 'kafkloud.events.v1',
      partition: 0,
      offset: '0',
      acceptedAt: new Date().toISOString(),
      correlationId: 'a2c737ba-10d8-4f2e-9e7f-317d0a983365',
    });
    res.writeHead(202, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.listen(port, '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
