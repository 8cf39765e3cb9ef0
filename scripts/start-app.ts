/**
 * `npm start`: builds dist/ and runs the desktop app with the Electron binary from node_modules.
 * Where that binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD, no network), it says what to
 * do instead and exits with code 1.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildApp } from './build-app.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const NO_ELECTRON = `Electron's binary is not installed here, so the desktop app cannot start.
It is skipped when npm runs with ELECTRON_SKIP_BINARY_DOWNLOAD=1 (as scripts/setup.sh does) or
when GitHub cannot be reached. To get it, on a machine with network access:
    node node_modules/electron/install.js && npm start
Meanwhile the same app runs in a browser:  npx craneml ui
Installers for Linux, macOS and Windows are attached to the GitHub releases.`;

/** The Electron executable the electron package points at, if it is really there. */
export function electronBinary(): string | undefined {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined; // the package throws when its binary was never downloaded
  }
}

if (import.meta.url.endsWith(process.argv[1]?.replace(/\\/g, '/') ?? '\0')) {
  const binary = electronBinary();
  if (!binary) {
    console.error(NO_ELECTRON);
    process.exit(1);
  }
  await buildApp();
  const child = spawn(binary, [ROOT, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
