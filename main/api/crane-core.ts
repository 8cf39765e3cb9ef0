/**
 * The one implementation of CraneApi over the core: every transport (web mode, Electron IPC)
 * validates arguments with the contract's schemas and then calls these handlers.
 */
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { findManagedImage } from '../docker/managed.ts';
import { CraneError } from '../errors.ts';
import { loadModel, type LoadedModel } from '../formats/index.ts';
import { notebookConversion } from '../convert/notebook-conversion.ts';
import type { Manifest } from '../manifest.ts';
import { openProject } from '../project.ts';
import { parseCpus } from '../shared/sizes.ts';
import type { CallName, CallResults, EventName, EventPayloads, ParsedArgs, StagedModel } from '../shared/crane-api.ts';
import { CRANEML_VERSION } from '../version.ts';
import { BuildJobs } from './build-jobs.ts';
import { deploy, deploymentStatuses, rollbackDeployment, scaleDeployment, undeploy } from './deployments.ts';
import { connectDocker, dockerEndpoint } from './docker-connection.ts';
import { dockerStatus } from './docker-status.ts';
import { EventHub } from './event-hub.ts';
import { DIGITS_EXAMPLE } from './examples.ts';
import { checkPortFree } from './host-ports.ts';
import { containerRows, imageRows, removeResource } from './inventory.ts';
import { exportFolder, exportTar, pushTo } from './image-exports.ts';
import { previewInput } from './input-preview.ts';
import { baseManifest, expandHome, manifestFromSetup, setupOf, summarise, writeProject } from './project-setup.ts';
import { decideStaged } from './setup-decision.ts';
import { containerAction, runService, serviceInfo, watchLogs, watchStatus } from './services.ts';
import { SettingsStore } from './settings.ts';
import { sweepLeftovers, type SweepReport } from '../docker/leftovers.ts';
import { copyDropped, StagingArea, type FileWriter, type StagedFiles, type StageOptions } from './staging.ts';

export type CraneHandlers = { [K in CallName]: (args: ParsedArgs<K>) => Promise<CallResults[K]> };

export interface CoreOptions {
  /** The project `craneml ui <project>` was started with. */
  project?: string;
  settings?: SettingsStore;
  /** Where new project folders go (default ~/CraneML). */
  projectsDir?: string;
  docker?: () => Promise<Docker>;
}

export interface CraneCore {
  handlers: CraneHandlers;
  subscribe<K extends EventName>(name: K, key: string, listener: (event: EventPayloads[K]) => void): () => void;
  hub: EventHub;
  /**
   * Stages a model whose files `write` puts into the staging folder as they arrive (the web mode's
   * upload stream, the desktop shell's copy of files opened by path): stageModel without the bytes in memory.
   */
  stageFiles(write: FileWriter, options?: StageOptions): Promise<StagedModel>;
  /** What a crashed earlier run left and the core removed when it started. */
  leftovers: Promise<SweepReport>;
  close(): Promise<void>;
}

/** Per staged model: its hashed manifest and, once previewed, the loaded model. */
interface StagedState {
  files: StagedFiles;
  base: Manifest;
  model?: Promise<LoadedModel>;
}

export function createCraneCore(options: CoreOptions = {}): CraneCore {
  const settings = options.settings ?? new SettingsStore();
  const projectsDir = options.projectsDir ?? path.join(os.homedir(), 'CraneML');
  const docker = options.docker ?? connectDocker;
  const hub = new EventHub();
  const staged = new Map<string, StagedState>();
  const staging = new StagingArea(
    (id) => {
      const model = staged.get(id)?.model;
      staged.delete(id);
      void model?.then((m) => m.dispose()).catch(() => undefined);
    },
    (event) => hub.emit('conversion', '', event),
  );
  const leftovers = sweepLeftovers(docker).catch(() => ({ folders: [], containers: [] }));
  const builds = new BuildJobs(hub, docker);

  hub.source('containerStatus', (key, emit) => {
    let stop = (): void => {};
    void docker().then(
      (d) => (stop = watchStatus(d, key, emit)),
      () => emit({ container: key, state: 'unknown', ready: false }),
    );
    return () => stop();
  });
  hub.source('containerLogs', (key, emit) => {
    let stop = (): void => {};
    void docker().then(
      (d) => (stop = watchLogs(d, key, emit)),
      (error: Error) => emit({ stream: 'stderr', line: error.message }),
    );
    return () => stop();
  });

  const describeStaged = async (files: StagedFiles, preset?: string): Promise<StagedModel> => {
    const base = await baseManifest(files.info, preset, files.labels);
    staged.set(files.id, { files, base });
    const { info } = files;
    return {
      stagedId: files.id,
      format: info.format,
      // A notebook model is named by the file dropped, not by the model.onnx it became.
      fileName: info.notebook?.conversion.source.file ?? path.basename(info.entry),
      files: info.files,
      sizeBytes: info.sizeBytes,
      inputs: info.inputs,
      outputs: info.outputs,
      metadata: info.metadata,
      notebook: info.notebook,
      python: info.python,
      setup: setupOf(base),
      suggestedDir: path.join(projectsDir, base.name),
    };
  };
  // The folder of the model the project holds: the staged files, or a notebook model's conversion (its model.onnx).
  const modelDir = (state: StagedState): string => path.dirname(state.files.info.entry);
  const stagedState = (id: string): StagedState => {
    staging.get(id);
    return staged.get(id)!;
  };

  const handlers: CraneHandlers = {
    appState: async () => ({
      version: CRANEML_VERSION,
      projectsDir,
      project: options.project ? summarise(await openProject(options.project)) : undefined,
    }),
    dockerStatus: () => dockerStatus(async () => ({ docker: await docker(), endpoint: await dockerEndpoint() })),
    stageModel: async ({ files, inputShape }) => describeStaged(await staging.stage(files, { inputShape })),
    stageModelPaths: async ({ paths, inputShape }) => describeStaged(await staging.stageWith(copyDropped(paths), { inputShape })),
    stageExample: async () => describeStaged(await staging.stageFolder(DIGITS_EXAMPLE), 'digits'),
    presetSetup: async ({ stagedId, preset }) => setupOf(await baseManifest(stagedState(stagedId).files.info, preset)),
    decideSetup: async (args) => {
      const state = stagedState(args.stagedId);
      return decideStaged(state.files.info, state.base, args);
    },
    previewInput: async ({ stagedId, setup, picture, instance }) => {
      const state = stagedState(stagedId);
      const manifest = manifestFromSetup(state.base, setup);
      state.model ??= loadModel(state.files.info.entry, { notebooks: notebookConversion });
      const project = { dir: modelDir(state), manifest, entry: state.files.info.entry };
      return previewInput(project, await state.model, { picture, instance });
    },
    createProject: async ({ stagedId, dir, setup, replace }) => {
      const state = stagedState(stagedId);
      const project = await writeProject(modelDir(state), manifestFromSetup(state.base, setup), dir, replace);
      await settings.rememberProject(project.dir);
      return project;
    },
    openProject: async ({ dir }) => {
      const project = summarise(await openProject(expandHome(dir)));
      await settings.rememberProject(project.dir);
      return project;
    },
    recentProjects: async () => {
      const dirs = (await settings.read()).recentProjects;
      const opened = await Promise.all(dirs.map((dir) => openProject(dir).then(summarise, () => undefined)));
      return opened.filter((p) => p !== undefined);
    },
    buildImage: async ({ dir, tag, baseImage }) => ({
      jobId: await builds.start({ target: expandHome(dir), tag, baseImage }, (built) => void settings.rememberProject(built)),
    }),
    cancelBuild: async ({ jobId }) => ({ cancelled: builds.cancel(jobId) }),
    checkPort: async ({ port }) => {
      await checkPortFree(port);
      return { port };
    },
    runImage: async ({ memoryMb, ...args }) =>
      runService(await docker(), { ...args, memory: memoryMb === undefined ? undefined : memoryMb * 1024 ** 2 }),
    listContainers: async () => containerRows(await docker()),
    listImages: async () => imageRows(await docker()),
    containerAction: async ({ container, action }) => containerAction(await docker(), container, action),
    removeImage: async ({ image }) => {
      const d = await docker();
      if (!(await findManagedImage(d, image))) throw new CraneError('NOT_FOUND', `no image ${image}; the Containers page lists them`);
      return { removed: (await removeResource(d, image)).id };
    },
    serviceInfo: async ({ container }) => serviceInfo(await docker(), container),
    exportTar: async ({ image, file, replace }) => exportTar(await docker(), image, file, replace === true),
    exportFolder: async ({ image, out, replace }) => exportFolder(await docker(), image, out, replace === true),
    pushImage: async ({ image, target, username, password }) =>
      pushTo(await docker(), image, target, username ? { username, password: password ?? '' } : undefined),
    listDeployments: async () => deploymentStatuses(await docker()),
    deploy: async ({ cpus, memoryMb, initSwarm, ...args }) =>
      deploy(await docker(), {
        ...args,
        nanoCpus: cpus === undefined ? undefined : parseCpus(cpus),
        memoryBytes: memoryMb === undefined ? undefined : memoryMb * 1024 ** 2,
        consentToSwarmInit: async () => initSwarm,
      }),
    scaleDeployment: async ({ name, replicas }) => scaleDeployment(await docker(), name, replicas),
    rollbackDeployment: async ({ name }) => rollbackDeployment(await docker(), name),
    undeploy: async ({ name }) => undeploy(await docker(), name),
  };

  return {
    handlers,
    hub,
    leftovers,
    stageFiles: async (write, options) => describeStaged(await staging.stageWith(write, options)),
    subscribe(name, key, listener) {
      if (name === 'build') {
        // A page subscribes after buildImage answered: replay what the job already said.
        for (const event of builds.history(key)) (listener as (e: EventPayloads['build']) => void)(event);
      }
      return hub.subscribe(name, key, listener);
    },
    async close() {
      hub.close();
      const models = [...staged.values()].map((s) => s.model);
      staged.clear();
      await staging.dispose();
      await Promise.all(models.map(async (model) => (await model?.catch(() => undefined))?.dispose()));
      await leftovers;
    },
  };
}
