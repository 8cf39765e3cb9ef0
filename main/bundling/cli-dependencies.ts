/**
 * Which of its dependencies the compiled CLI carries in its own chunks, and which it leaves in
 * node_modules. Loaded from node_modules, a `craneml ls` read 336 files (3.4 MB): zod's 60 locales,
 * dockerode's BuildKit client (gRPC) and its SSH transport among them, none of which it runs. Carried
 * inline, esbuild keeps the parts that are used, and every start compiles less.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Metafile, Plugin } from 'esbuild';

/**
 * Left in node_modules: native code or WebAssembly (sharp, onnxruntime, ssh2, h5wasm, TF.js's backends),
 * one instance other packages register into (onnxruntime-common, TF.js), tools (esbuild, tsx), and
 * commander, which looks beside its own file for a subcommand's executable.
 */
export const KEPT_IN_NODE_MODULES = [
  'sharp',
  '@img',
  'onnxruntime-node',
  'onnxruntime-common',
  '@tensorflow',
  'h5wasm',
  'ssh2',
  'cpu-features',
  '@grpc',
  'esbuild',
  'tsx',
  'commander',
] as const;

/**
 * Modules an inlined package requires at load for features CraneML never calls (BuildKit sessions,
 * Docker over SSH, BuildKit's progress format): each is loaded from node_modules, beside its own
 * files, and those at the top of their importer only at the first call.
 */
const FROM_NODE_MODULES = [
  { importer: /[\\/]dockerode[\\/]lib[\\/]docker\.js$/, request: './session', module: 'dockerode/lib/session.js', atFirstCall: true },
  { importer: /[\\/]dockerode[\\/]lib[\\/]docker\.js$/, request: './buildkit', module: 'dockerode/lib/buildkit.js', atFirstCall: false },
  { importer: /[\\/]docker-modem[\\/]lib[\\/]modem\.js$/, request: './ssh', module: 'docker-modem/lib/ssh.js', atFirstCall: true },
] as const;

const packageOf = (request: string): string =>
  request
    .split('/')
    .slice(0, request.startsWith('@') ? 2 : 1)
    .join('/');
const kept = (request: string): boolean =>
  KEPT_IN_NODE_MODULES.some((name) => name === packageOf(request) || name === request.split('/')[0]);

/** esbuild plugin: bundles every package except those above, and loads FROM_NODE_MODULES as they say. */
export function cliDependencies(): Plugin {
  return {
    name: 'craneml-cli-dependencies',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const entry = FROM_NODE_MODULES.find((e) => e.request === args.path && e.importer.test(args.importer));
        if (!entry) return undefined;
        return entry.atFirstCall ? { path: entry.module, namespace: 'at-first-call' } : { path: entry.module, external: true };
      });
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || args.namespace === 'at-first-call' || kept(args.path))
          return { path: args.path, external: true };
        return undefined;
      });
      // Each of these modules exports one function: a stand-in calls the real one, loading it then.
      build.onLoad({ filter: /.*/, namespace: 'at-first-call' }, (args) => ({
        contents: `module.exports = function () { return require(${JSON.stringify(args.path)}).apply(this, arguments); };`,
        loader: 'js',
      }));
    },
  };
}

/**
 * Fails the build when an inlined package finds files beside its own sources: inside a chunk those
 * names point at dist/cli, not at the package. Such a package belongs in KEPT_IN_NODE_MODULES.
 */
export async function checkInlinedPackages(metafile: Metafile, root: string): Promise<void> {
  // Files only: a stand-in's input is named by its namespace ("at-first-call:…").
  const inlined = Object.keys(metafile.inputs).filter((input) => !input.includes(':') && input.split(/[\\/]/).includes('node_modules'));
  const offenders: string[] = [];
  for (const input of inlined) {
    const source = await readFile(path.resolve(root, input), 'utf8');
    if (/\b__dirname\b|\b__filename\b|\brequire\.resolve\b/.test(source)) offenders.push(input);
  }
  if (offenders.length) throw new Error(`the CLI bundle inlines packages that read files beside their sources: ${offenders.join(', ')}`);
}
