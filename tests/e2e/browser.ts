/**
 * Debian's Chromium driven by playwright-core (no browser download here). Where Chromium is
 * missing on a developer's machine the browser tests skip with a loud message; in CI (CI=true)
 * a missing browser is a failure.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = fs.existsSync(CHROMIUM_PATH);

if (!chromiumAvailable) {
	const msg = `\n*** Chromium fehlt (${CHROMIUM_PATH}): Browser-Tests werden ÜBERSPRUNGEN. Installieren: apt-get install -y chromium ***\n`;
	if (process.env.CI === 'true') throw new Error(`${msg}In CI ist das ein Fehler.`);
	console.warn(msg);
}

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run', '--disable-quic']
	});
}
