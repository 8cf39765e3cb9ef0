// The tiers of docs/DESIGN.md ("Layers"), checked by dependency-cruiser in `npm run lint`.
//
// engine < infrastructure < core (main/api) < adapters; the model servers under templates/ take
// the engine only. Every import form counts: static, dynamic `import()`, `import type` (a type
// names what a tier knows, so it climbs like any other import). Paths are relative to the top.
// Known violations would be listed in .dependency-cruiser-known-violations.json (`--ignore-known`):
// the list is empty (issue 26) and stays so; were one ever admitted, it is written with
//   npx depcruise main renderer/src templates/runtime-node/src --output-type baseline \
//     --output-to .dependency-cruiser-known-violations.json

/** What a model is and how it predicts: pure rules, files, formats, a notebook model's file read without running it, the renderer's bundler; no Docker, no core. */
const ENGINE =
  '^main/(codec|formats|inference|http|shared|files|python-project|bundling|notebook)/|^main/(errors|manifest|presets|project|version)[.]ts$';
/** What talks to Docker or makes images: the daemon, packaging, Swarm, deploy, runtimes, the converter. */
const INFRASTRUCTURE = '^main/(docker|packaging|swarm|deploy|runtimes|convert)/';
/** The one core every front end goes through. */
const CORE = '^main/api/';
/** The front ends: the CLI, the web mode, the desktop app's main process, the renderer. */
const ADAPTERS = '^main/(cli|web|electron)/|^renderer/';
/** The model servers built into images. */
const RUNTIMES = '^templates/runtime-[^/]+/';
/** Packages that exist only in Node: never bundled for a browser. */
const NODE_ONLY_PACKAGES = '(^|/)node_modules/(electron|dockerode|sharp|onnxruntime-node|tar|busboy)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'engine-imports-only-engine',
      comment: 'The engine is the lowest tier: it never reaches Docker, the core or a front end.',
      severity: 'error',
      from: { path: ENGINE },
      to: { path: [INFRASTRUCTURE, CORE, ADAPTERS] },
    },
    {
      name: 'infrastructure-not-above',
      comment: 'Infrastructure serves the core: it never imports main/api or a front end.',
      severity: 'error',
      from: { path: INFRASTRUCTURE },
      to: { path: [CORE, ADAPTERS] },
    },
    {
      name: 'core-not-adapters',
      comment: 'main/api is the one core: it knows no front end.',
      severity: 'error',
      from: { path: CORE },
      to: { path: ADAPTERS },
    },
    {
      name: 'adapters-through-core',
      comment: 'A front end reaches Docker, packaging and deployment through main/api only.',
      severity: 'error',
      from: { path: '^main/(cli|web|electron)/' },
      to: { path: INFRASTRUCTURE },
    },
    {
      name: 'runtime-imports-only-engine',
      comment: 'A model server is bundled into images: from main/ it takes the engine only.',
      severity: 'error',
      from: { path: RUNTIMES },
      to: { path: ['^main/', '^renderer/'], pathNot: ENGINE },
    },
    {
      name: 'renderer-no-node',
      comment: 'The renderer runs in a browser: no Node built-in, in any spelling (fs/promises, node:*).',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-only-contract',
      comment: 'The renderer reaches the core through CraneApi: from main/ it imports main/shared only.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: ['^main/(?!shared/)', '^templates/', NODE_ONLY_PACKAGES] },
    },
    {
      name: 'shared-is-neutral',
      comment: 'main/shared is imported by the renderer and the runtime: itself, errors.ts and zod only.',
      severity: 'error',
      from: { path: '^main/shared/' },
      to: { pathNot: '^(main/shared/|main/errors[.]ts$)|(^|/)node_modules/zod/' },
    },
    {
      name: 'no-runtime-sources',
      comment: 'Nothing outside the Node model server imports its sources; shared code lives in the engine.',
      severity: 'error',
      from: { pathNot: '^templates/runtime-node/' },
      to: { path: '^templates/runtime-node/src/' },
    },
    {
      name: 'tier-named',
      comment: 'Every folder under main/ belongs to a tier: add a new one to a tier in this file.',
      severity: 'error',
      from: { path: '^main/', pathNot: [ENGINE, INFRASTRUCTURE, CORE, ADAPTERS] },
      to: {},
    },
    {
      name: 'resolvable',
      comment: 'An import the checker cannot follow could hide a climb: every import resolves.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.mjs', '.js', '.cjs', '.json'],
    },
  },
};
