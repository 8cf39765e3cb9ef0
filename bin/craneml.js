#!/usr/bin/env node
// The `craneml` command. Runs the compiled CLI (dist/cli/craneml.mjs, made by `npm run build`) when
// the build is current, so that no TypeScript is compiled at start. Without a build (a fresh clone)
// or with one older than the sources, it runs the TypeScript sources through tsx instead, as before:
// slower to start, never stale. A terminal is told so in one line on stderr; programs reading
// stderr are not (CRANEML_CLI_TRACE=1 names the path taken, either way).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledCli } from './build-state.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = compiledCli(root);
const trace = Boolean(process.env.CRANEML_CLI_TRACE);

if (cli.entry) {
  if (trace) console.error(`craneml: compiled CLI ${path.relative(root, cli.entry)}`);
  await import(pathToFileURL(cli.entry).href);
} else {
  if (trace || process.stderr.isTTY) console.error(`craneml: running the TypeScript sources through tsx: ${cli.reason}`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main/cli/index.ts');
}
