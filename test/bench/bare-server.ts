/**
 * The HTTP ceiling: a bare node:http server that reads each request body and answers a fixed JSON
 * body. With `--parse` it also JSON.parses the body: the ceiling of any JSON API on this machine.
 */
import { createServer } from 'node:http';

const body = Buffer.from(process.argv[3] ?? '{"ok":true}');
const parse = process.argv.includes('--parse');
const server = createServer({ keepAliveTimeout: 5_000, noDelay: true }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (parse) JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
