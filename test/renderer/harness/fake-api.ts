/** An in-memory CraneApi for component tests: the digits model staged, projects written, builds and runs that succeed, a small Swarm. */
import type { ContainerRow, CraneApi, EventName, Listener, StagedModel } from '../../../main/shared/crane-api.ts';
import { apiError } from './api-error.ts';
import { DIGITS_SETUP } from './digits-setup.ts';
import { createFakeSwarm } from './fake-swarm.ts';
import { stagedModel } from './staged-model.ts';

declare global {
  interface Window {
    /** Every call the fake received, in order: [name, args]. */
    __calls: [string, unknown][];
    /** While true, decideSetup answers only at __releaseDecisions(): a core slow to check the labels. */
    __holdDecisions: boolean;
    /** Lets the held decideSetup calls answer, or fail with `failure` as the core's words. */
    __releaseDecisions: (failure?: string) => void;
  }
}

const STAGED = stagedModel();

const containers: ContainerRow[] = [
  {
    id: 'c-run',
    name: 'digits-run',
    image: 'digits:1.0.0',
    state: 'running',
    status: 'Up 2 minutes',
    url: 'http://127.0.0.1:8080',
    model: 'digits@1.0.0',
    created: '2026-01-01T00:00:00Z',
  },
  {
    id: 'c-stop',
    name: 'digits-stopped',
    image: 'digits:1.0.0',
    state: 'exited',
    status: 'Exited (0) 1 hour ago',
    model: 'digits@1.0.0',
    created: '2026-01-01T00:00:00Z',
  },
];

/** The digits model, staged when the files hold an .onnx; otherwise the core's refusal. */
async function stageNamed(names: string[]): Promise<StagedModel> {
  if (!names.some((name) => name.endsWith('.onnx')))
    throw apiError('MODEL_FORMAT', 'this is not a model CraneML knows: drop an .onnx file or a model.json');
  return STAGED;
}

export function createFakeApi(): CraneApi {
  window.__calls = [];
  const removed = new Set<string>();
  const listeners = new Map<string, Listener<EventName>>();
  const log = (name: string, args: unknown) => window.__calls.push([name, args]);
  const heldDecisions: ((failure?: string) => void)[] = [];
  window.__holdDecisions = false;
  window.__releaseDecisions = (failure) => {
    window.__holdDecisions = false;
    for (const answer of heldDecisions.splice(0)) answer(failure);
  };
  const fake: CraneApi = {
    appState: async () => ({ version: '0.1.0', projectsDir: '/home/me/CraneML' }),
    dockerStatus: async () => ({
      state: 'connected',
      version: '27.0.1',
      endpoint: '/var/run/docker.sock',
      message: 'connected',
      advice: '',
    }),
    stageModel: async (args) => {
      log(
        'stageModel',
        args.files.map((f) => f.name),
      );
      return stageNamed(args.files.map((f) => f.name));
    },
    // As the preload does: only the files' names (it sends their paths), never their bytes.
    stageDropped: async ({ files }) => {
      log(
        'stageDropped',
        files.map((f) => f.name),
      );
      return stageNamed(files.map((f) => f.name));
    },
    stageExample: async () => {
      log('stageExample', {});
      return STAGED;
    },
    presetSetup: async () => DIGITS_SETUP,
    // The core's decision for the digits model: its logits hold the 10 scores, softmax on as the probe finds.
    decideSetup: async ({ labels = [], output, softmax }) => {
      if (window.__holdDecisions)
        await new Promise<void>((answer, fail) =>
          heldDecisions.push((failure) => (failure ? fail(apiError('INTERNAL', failure)) : answer())),
        );
      return {
        labels: labels.length,
        given: { ...(output ? { output } : {}), ...(softmax !== undefined ? { softmax } : {}) },
        outputs: [{ name: 'logits', dtype: 'float32', shape: [-1, 10], classAxis: 1, classes: 10 }],
        output: { name: 'logits', dtype: 'float32', shape: [-1, 10], classAxis: 1, classes: 10 },
        classes: 10,
        softmax: softmax ?? labels.length > 0,
        softmaxWhy:
          softmax === undefined ? 'probe outputs fall outside 0..1, so they are logits' : `Softmax set to ${softmax ? 'On' : 'Off'}`,
        softmaxBy: softmax === undefined ? 'probe' : 'user',
        topK: 3,
      };
    },
    previewInput: async (args) => {
      log('previewInput', { name: args.setup.name, pictureBytes: args.picture?.length ?? 0, input: args.setup.input });
      return {
        picture: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==',
        tensor: { name: 'input', dtype: 'float32', shape: [1, 1, 28, 28], min: 0, max: 1, mean: 0.1, head: [0, 0, 0] },
        prediction: { label: '7', index: 7, score: 0.9, top_k: [{ label: '7', score: 0.9 }] },
        ms: 3,
      };
    },
    createProject: async (args) => {
      log('createProject', args);
      if (args.dir === '/home/me') throw apiError('TARGET_REFUSED', '/home/me is your home folder; choose a new folder');
      if (args.dir.includes('taken') && !args.replace)
        throw apiError('TARGET_EXISTS', `${args.dir} already exists (tick "Replace the project in this folder" to replace it)`);
      return {
        dir: args.dir,
        name: args.setup.name,
        version: args.setup.version,
        format: 'onnx',
        inputKind: 'image',
        labels: 10,
        defaultTag: `${args.setup.name}:${args.setup.version}`,
      };
    },
    openProject: async () => {
      throw apiError('INTERNAL', 'not in the fake');
    },
    recentProjects: async () => [],
    buildImage: async (args) => {
      log('buildImage', args);
      setTimeout(() => {
        const emit = listeners.get('build') as Listener<'build'> | undefined;
        emit?.({ type: 'stage', message: 'Building', progress: 0.5 });
        emit?.({ type: 'log', line: 'Step 1/3 : FROM node:22-slim' });
        emit?.({ type: 'done', tag: args.tag, imageId: 'sha256:abc', sizeBytes: 150 * 1024 * 1024, ms: 4200, baseImage: 'node:22-slim' });
      }, 50);
      return { jobId: 'job-1' };
    },
    cancelBuild: async () => ({ cancelled: true }),
    checkPort: async (args) => {
      log('checkPort', args);
      if (args.port === 8082) throw apiError('PORT_IN_USE', 'port 8082 is already in use on 127.0.0.1; pick another with --port');
      return args;
    },
    runImage: async (args) => {
      log('runImage', args);
      if (args.port === 8081) throw apiError('PORT_IN_USE', 'port 8081 is already in use');
      return {
        container: 'c1',
        name: 'digits-1',
        image: args.image,
        url: 'http://127.0.0.1:8080',
        docsUrl: 'http://127.0.0.1:8080/docs',
        ready: true,
        inputKind: 'image',
        snippets: { curl: 'curl ...', python: 'import requests', javascript: 'await fetch(...)' },
        readyMs: 900,
      };
    },
    listContainers: async () => containers.filter((row) => !removed.has(row.id)),
    listImages: async () => [
      { id: 'sha256:img1', tags: ['digits:1.0.0'], sizeBytes: 150 * 1024 * 1024, created: '2026-01-01T00:00:00Z', model: 'digits@1.0.0' },
      // Never becomes healthy on the fake Swarm: deploying it is rolled back.
      { id: 'sha256:img2', tags: ['digits:broken'], sizeBytes: 150 * 1024 * 1024, created: '2026-01-02T00:00:00Z', model: 'digits@broken' },
    ],
    containerAction: async (args) => {
      log('containerAction', args);
      if (args.action === 'remove') removed.add(args.container);
      return { container: args.container, state: 'exited' };
    },
    removeImage: async (args) => ({ removed: args.image }),
    serviceInfo: async (args) => {
      const url = new URLSearchParams(window.location.search).get('url');
      if (!url) throw apiError('NOT_FOUND', `no container ${args.container}`);
      return {
        container: args.container,
        name: args.container,
        image: 'digits:1.0.0',
        url,
        docsUrl: `${url}/docs`,
        ready: true,
        inputKind: 'unknown',
        snippets: { curl: '', python: '', javascript: '' },
      };
    },
    exportTar: async (args) => {
      log('exportTar', args);
      return { file: args.file, bytes: 1 };
    },
    exportFolder: async (args) => {
      log('exportFolder', args);
      if (args.out === '/home/me') throw apiError('TARGET_REFUSED', '/home/me is your home folder; choose a new folder');
      if (args.out.includes('earlier') && !args.replace)
        throw apiError('TARGET_EXISTS', `${args.out} holds an earlier export; replace it only if you mean to`);
      return { dir: args.out, files: ['Dockerfile', 'create.sh'] };
    },
    pushImage: async (args) => ({ target: args.target }),
    ...createFakeSwarm(log),
    subscribe: (name, params, listener) => {
      log('subscribe', { name, params });
      listeners.set(name, listener as Listener<EventName>);
      if (name === 'containerLogs')
        setTimeout(() => (listener as Listener<'containerLogs'>)({ stream: 'stdout', line: 'listening on 8080' }), 20);
      return () => {
        log('unsubscribe', { name, params });
        listeners.delete(name);
      };
    },
  };
  return fake;
}

window.craneml = createFakeApi();
