/**
 * The container image and the compose file (issue 23, item 4). Checked statically on every run:
 * the image runs the built app without rebuilding as a non-root user with a health check, the
 * compose file has PostgreSQL, two instances with a read-only file system except var/ and a proxy
 * that knows both and sets the address header the instances read. With a working Docker engine
 * (`docker info`) the image is also built and started read-only; without one that part is skipped
 * with a loud message.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { parse } from 'yaml';

const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
const instructions = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`${name} `));

interface Service {
	image?: string;
	build?: { context: string; dockerfile: string };
	read_only?: boolean;
	tmpfs?: string[];
	volumes?: string[];
	environment?: Record<string, string>;
	ports?: string[];
	restart?: string;
	depends_on?: unknown;
}
const compose = parse(fs.readFileSync('deploy/compose.yaml', 'utf8'), { merge: true }) as { services: Record<string, Service> };
const nginx = fs.readFileSync('deploy/nginx.conf', 'utf8');

const dockerWorks = spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
if (!dockerWorks) console.warn('\n!!! Kein Docker-Dienst erreichbar (`docker info` scheitert): das Image wird nicht gebaut, nur Dockerfile und Compose-Datei werden geprüft.\n');

describe('Dockerfile', () => {
	it('runs the built app through the supervisor as a non-root user, without rebuilding', () => {
		expect(instructions(runtime, 'USER')).toEqual(['USER node']);
		expect(instructions(runtime, 'CMD')).toEqual(['CMD ["node", "scripts/serve.js"]']);
		expect(dockerfile.split('\n').filter((l) => !l.startsWith('#')).join('\n')).not.toMatch(/npm (run )?start/);
		expect(runtime).toMatch(/HEALTHCHECK [^\n]*\\\n\s+CMD .*\/healthz/);
		// The build stage builds; the runtime stage only copies what exists after `npm run build`.
		expect(dockerfile.slice(0, dockerfile.lastIndexOf('\nFROM '))).toMatch(/RUN npm run build && npm prune --omit=dev/);
		for (const line of instructions(runtime, 'COPY')) {
			const source = /\/src\/(\S+)/.exec(line)?.[1];
			expect(source, line).toBeDefined();
			if (source !== 'build' && source !== 'node_modules') expect(fs.existsSync(source!), source).toBe(true);
		}
		// Only var/ is the app's; the code stays root's.
		expect(runtime).toMatch(/chown node:node \/app\/var/);
		expect(runtime).toMatch(/VOLUME \["\/app\/var"\]/);
		expect(runtime).toMatch(/HOST=0\.0\.0\.0/);
	});

	it('.dockerignore keeps local state out of the build context', () => {
		const ignored = fs.readFileSync('.dockerignore', 'utf8').split('\n');
		for (const p of ['node_modules', 'build', 'var', '.git', '*.sqlite']) expect(ignored).toContain(p);
	});
});

describe('deploy/compose.yaml', () => {
	const s = compose.services;
	const apps = Object.entries(s).filter(([, v]) => v.build?.dockerfile === 'Dockerfile');

	it('has PostgreSQL, two app instances of this image and a proxy', () => {
		expect(Object.keys(s).sort()).toEqual(['app-a', 'app-b', 'postgres', 'proxy']);
		expect(apps.map(([k]) => k).sort()).toEqual(['app-a', 'app-b']);
		expect(s.postgres!.image).toMatch(/^postgres:1[5-9]/);
	});

	it('each instance: read-only except var/ and /tmp, restarted, on the compose database, behind the proxy', () => {
		const pg = s.postgres!.environment!;
		const volumesOfApps = new Set<string>();
		for (const [name, app] of apps) {
			expect(app.read_only, name).toBe(true);
			expect(app.tmpfs, name).toEqual(['/tmp']);
			expect(app.restart, name).toBe('always');
			expect(app.volumes, name).toHaveLength(1);
			expect(app.volumes![0]!.endsWith(':/app/var'), name).toBe(true);
			volumesOfApps.add(app.volumes![0]!.split(':')[0]!);
			const env = app.environment!;
			const db = new URL(env.DATABASE_URL!);
			expect([db.hostname, db.username, db.password, db.pathname.slice(1)]).toEqual(['postgres', pg.POSTGRES_USER, pg.POSTGRES_PASSWORD, pg.POSTGRES_DB]);
			expect(env.ADDRESS_HEADER).toBe('X-Forwarded-For');
			expect(env.XFF_DEPTH).toBe('1');
			expect(env.ORIGIN).toBe('http://localhost:8080');
			expect(env.HOST).toBe('0.0.0.0');
			// The proxy knows this instance on its port.
			expect(nginx).toContain(`server ${name}:${env.PORT} `);
		}
		// Each instance its own var/ (no two instances share a folder).
		expect(volumesOfApps.size).toBe(2);
	});

	it('the proxy publishes the ORIGIN port on localhost only and replaces X-Forwarded-For (XFF_DEPTH=1 reads its address)', () => {
		const proxy = s.proxy!;
		expect(proxy.ports).toEqual(['127.0.0.1:8080:8080']);
		expect(proxy.volumes).toEqual(['./nginx.conf:/etc/nginx/nginx.conf:ro']);
		expect(fs.existsSync('deploy/nginx.conf')).toBe(true);
		expect(nginx).toMatch(/listen 8080;/);
		expect(nginx).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
		expect(nginx).not.toMatch(/\$proxy_add_x_forwarded_for/);
	});
});

describe.skipIf(!dockerWorks)('the image with a Docker engine', () => {
	it('builds from the repository and runs as a non-root user on a read-only file system', () => {
		const build = spawnSync('docker', ['build', '-t', 'ikz-atlas:test', '.'], { encoding: 'utf8', timeout: 20 * 60_000 });
		expect(build.status, build.stderr.slice(-2000)).toBe(0);
		const run = spawnSync('docker', ['run', '--rm', '--read-only', '--tmpfs', '/tmp', 'ikz-atlas:test', 'node', '-e',
			"const fs=require('node:fs');fs.writeFileSync('/app/var/probe','x');let ro=false;try{fs.writeFileSync('/app/build/probe','x')}catch{ro=true}console.log(JSON.stringify({uid:process.getuid(),ro}))"], { encoding: 'utf8', timeout: 120_000 });
		expect(run.status, run.stderr).toBe(0);
		const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { uid: number; ro: boolean };
		expect(out.uid).not.toBe(0);
		expect(out.ro).toBe(true);
	}, 25 * 60_000);
});
