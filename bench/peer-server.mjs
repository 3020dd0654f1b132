// A peer server in a process of its own, as plain JavaScript (no tsx, so the peer pays nothing the
// installed `so-conformance serve` does not): `node bench/peer-server.mjs soap|bare CONFIG.json`.
// CONFIG holds what bench/peers.ts read from the contract: { path, wsdl, service, port, operation,
// cannedStatus, cannedHeaders, cannedBody }. Prints `listening URL` like `so-conformance serve`.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const [kind, configFile] = process.argv.slice(2);
const c = JSON.parse(readFileSync(configFile, 'utf8'));
let server;
if (kind === 'bare') {
  const body = Buffer.from(c.cannedBody);
  const headers = { ...c.cannedHeaders, 'content-length': body.length };
  server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(c.cannedStatus, headers);
      res.end(body);
    });
  });
} else if (kind === 'soap') {
  const soap = await import('soap');
  server = createServer();
  const services = { [c.service]: { [c.port]: { [c.operation]: () => ({}) } } };
  await new Promise((resolve) => soap.listen(server, { path: c.path, services, xml: c.wsdl, callback: resolve }));
} else {
  throw new Error(`peer-server: unknown kind ${kind}`);
}
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
