// The Node.js version the app and its tools need: package.json's "engines" (Node 24). Run under an
// older Node, the native SQLite module built for Node 24 crashes with a segmentation fault instead
// of an error message; so the start script and the benchmarks check first and say what is wrong.
import fs from 'node:fs';

/**
 * Exits with a message when this Node.js is older than package.json's `engines.node` (">=24.7").
 * @param {string} what what is being started, for the message
 */
export function requireSupportedNode(what) {
	const engines = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines?.node ?? '';
	const want = /^>=(\d+)(?:\.(\d+))?/.exec(engines);
	if (!want) return;
	const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
	const needMajor = Number(want[1]);
	const needMinor = Number(want[2] ?? 0);
	if (major > needMajor || (major === needMajor && minor >= needMinor)) return;
	console.error(`${what} braucht Node.js ${engines.slice(2)} oder neuer (package.json "engines"); dieses ist ${process.version}. Bitte mit Node.js 24 starten (node --version).`);
	process.exit(1);
}
