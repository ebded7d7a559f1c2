/**
 * The baseline of the search benchmark: a bare node:http server answering a small fixed JSON.
 * Its latency is what loopback, HTTP parsing and the client cost; the app's latency above it is
 * the app's own work. Started by search-bench.ts with `node` (type stripping), HOST and PORT set.
 */
import http from 'node:http';

const body = JSON.stringify({ status: 'ok', items: [] });

const server = http.createServer((_req, res) => {
	res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
	res.end(body);
});

server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
