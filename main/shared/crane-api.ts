/**
 * CraneApi, declared once: every call the app makes (argument schema + result type), every event
 * stream, and the error every transport carries. The core implements it (main/api), the web mode
 * and Electron IPC carry it, and the renderer imports only its types.
 */
import { z } from 'zod';
import { DEPLOYMENT_NAME, MAX_REPLICAS, MIN_REPLICAS } from './deployment-rules.ts';
import { containerNameProblem, imageNameProblem, imageTagProblem } from './docker-names.ts';
import { MAX_SHAPE_DIMS, MAX_SHAPE_SIZE } from './input-shape-rule.ts';
import { DEFAULT_HOST_PORT } from './port-rule.ts';
import { MODEL_NAME, MODEL_VERSION } from './manifest-rules.ts';
import { MAX_CPUS, MAX_MEMORY_MB, MIN_MEMORY_MB } from './resource-limits.ts';
import type { ConvertStep, NotebookModel, TableColumn } from './conversion-schema.ts';
import type { ApiErrorBody } from './crane-error.ts';
import { inputCodecSchema, portSchema, postprocessSchema, type DType, type InputCodec, type TensorSpec } from './manifest-schema.ts';
import type { Prediction } from './http-contract.ts';
import type { PythonSection } from './python-runtime-schema.ts';

// ---------------------------------------------------------------- argument schemas

const FILE_NAME = /^[^/\\\0]{1,255}$/;
/** Folders deep a picked project folder's file may lie. */
const MAX_FOLDER_DEPTH = 32;

/** "net.onnx", or "weights/net.bin" inside a picked folder: names joined by "/", none "." or "..". */
function isUploadPath(name: string): boolean {
  const segments = name.split('/');
  return segments.length <= MAX_FOLDER_DEPTH && segments.every((s) => FILE_NAME.test(s) && s !== '.' && s !== '..');
}

/** A file the user dropped or picked: its base name (or its path inside a picked project folder) and its bytes. */
/** One row's input shape for a model file that does not declare it (TorchScript), as input-shape-rule.ts allows. */
export const inputShapeSchema = z.array(z.number().int().min(1).max(MAX_SHAPE_SIZE)).min(1).max(MAX_SHAPE_DIMS);

export const fileUploadSchema = z.object({
  name: z.string().max(4096).refine(isUploadPath, 'must be a file name without folders, or a path inside the picked project folder'),
  bytes: z.instanceof(Uint8Array),
});
export type FileUpload = z.infer<typeof fileUploadSchema>;

const idSchema = z.string().regex(/^[\w.-]{1,128}$/, 'must be an id the app gave');
/** A string that `problem` (Docker's grammar, docker-names.ts) finds nothing wrong with; the issue is its one-line reason. */
function dockerNameSchema(problem: (text: string) => string | undefined) {
  return z.string().superRefine((text, context) => {
    const reason = problem(text);
    if (reason) context.addIssue({ code: 'custom', message: reason });
  });
}
/** An image reference or ID, as Docker takes it. */
const imageNameSchema = dockerNameSchema(imageNameProblem);
/** A name to give an image (a build's tag, a push target): a reference without a digest. */
const imageTagSchema = dockerNameSchema(imageTagProblem);
/** A container name or ID, as Docker takes it. */
const containerNameSchema = dockerNameSchema(containerNameProblem);
const pathSchema = z.string().min(1).max(4096);

/** Why `text` is not a file of this machine as the desktop shell names a dropped one, or undefined. */
function localFileProblem(text: string): string | undefined {
  if (text.includes('\0')) return 'must not hold a NUL character';
  if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(text)) return 'must be an absolute path';
  const segments = text.split(/[\\/]/);
  if (segments.some((segment) => segment === '.' || segment === '..')) return "must not climb with '.' or '..'";
  if (segments.at(-1) === '') return 'must name a file, not a folder';
  return undefined;
}
/** The folder part of an absolute path (either separator: the schema runs in the page too, without node:path). */
const folderOf = (file: string): string => file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')));
const localFileSchema = z
  .string()
  .max(4096)
  .superRefine((text, context) => {
    const reason = localFileProblem(text);
    if (reason) context.addIssue({ code: 'custom', message: reason });
  });

/** What the user says about the model in the wizard: it becomes craneml.json. */
export const modelSetupSchema = z.object({
  name: z.string().regex(MODEL_NAME, 'must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit'),
  version: z.string().regex(MODEL_VERSION, 'must be a version like 1.0.0'),
  input: inputCodecSchema,
  labels: z.array(z.string().max(200)).max(100_000).optional(),
  postprocess: postprocessSchema,
  /** The manifest's server settings the wizard sets: `page`, the try-it page at the image's address. */
  server: z.object({ page: z.boolean() }).optional(),
});
export type ModelSetup = z.output<typeof modelSetupSchema>;
export type ModelSetupInput = z.input<typeof modelSetupSchema>;

const deploymentNameSchema = z.string().regex(DEPLOYMENT_NAME, 'must be a deployment name');

export const CALL_SCHEMAS = {
  /** What the app opens with: the project `craneml ui <project>` (or the shell) was started with, if any. */
  appState: z.object({}),
  /** Whether Docker is installed, running and reachable, with what to do otherwise. */
  dockerStatus: z.object({}),
  /** Stores dropped model files (an .onnx with its .onnx.data, or model.json with its shards) and inspects them. */
  stageModel: z.object({ files: z.array(fileUploadSchema).min(1).max(64), inputShape: inputShapeSchema.optional() }),
  /**
   * Stages files the user dropped or picked in the desktop app, by path: the core copies them into the
   * staging folder. Only the preload makes this call (SHELL_ONLY_CALLS), with the paths Electron gives for
   * the page's File objects; the files must lie in one folder, the model's.
   */
  stageModelPaths: z.object({
    paths: z
      .array(localFileSchema)
      .min(1)
      .max(64)
      .refine((paths) => new Set(paths.map(folderOf)).size === 1, 'the dropped files must lie in one folder, the model’s'),
    /** The input shape the user gave after the core asked for it (INPUT_SHAPE_NEEDED). */
    inputShape: inputShapeSchema.optional(),
  }),
  /** Stages the bundled handwritten-digits example. */
  stageExample: z.object({}),
  /** The set-up a preset gives this staged model (e.g. digits: 28x28 gray, MNIST centring, labels 0-9). */
  presetSetup: z.object({ stagedId: idSchema, preset: z.enum(['digits']) }),
  /**
   * The classifier's set-up the core decides for a staged model and these labels, as `craneml init` decides it:
   * score output, class axis and count, softmax, top-k, each with why; `output` and `softmax` are the user's overrides.
   */
  decideSetup: z.object({
    stagedId: idSchema,
    labels: z.array(z.string().max(200)).max(100_000).default([]),
    output: z.string().min(1).max(1024).optional(),
    softmax: z.boolean().optional(),
  }),
  /** Runs the set-up on a picture (or a tensor instance) in this process: the exact tensor the model gets and its answer. */
  previewInput: z.object({
    stagedId: idSchema,
    setup: modelSetupSchema,
    picture: z.instanceof(Uint8Array).optional(),
    instance: z.unknown().optional(),
  }),
  /** Writes the project folder (model files + craneml.json) where the user chose. */
  createProject: z.object({ stagedId: idSchema, dir: pathSchema, setup: modelSetupSchema, replace: z.boolean().default(false) }),
  openProject: z.object({ dir: pathSchema }),
  recentProjects: z.object({}),
  /** Starts packaging a project into an image; progress comes on the "build" event stream. */
  buildImage: z.object({
    dir: pathSchema,
    tag: imageTagSchema,
    baseImage: imageNameSchema.optional(),
  }),
  cancelBuild: z.object({ jobId: idSchema }),
  /** Starts an image on 127.0.0.1 and waits until it is ready. */
  /** Whether a port on 127.0.0.1 is free for a container now: refused with PORT_IN_USE when taken (the Image step asks before the build). */
  checkPort: z.object({ port: portSchema }),
  runImage: z.object({
    image: imageNameSchema,
    port: portSchema.default(DEFAULT_HOST_PORT),
    cpus: z.number().positive().max(MAX_CPUS).optional(),
    memoryMb: z.number().int().min(MIN_MEMORY_MB).max(MAX_MEMORY_MB).optional(),
  }),
  listContainers: z.object({}),
  listImages: z.object({}),
  containerAction: z.object({ container: containerNameSchema, action: z.enum(['start', 'stop', 'restart', 'remove']) }),
  removeImage: z.object({ image: imageNameSchema }),
  /** How to call a running container: URL, docs, and snippets for its input kind. */
  serviceInfo: z.object({ container: containerNameSchema }),
  /** docker save to a tar file. */
  /** An existing file is replaced only with `replace: true`. */
  exportTar: z.object({ image: imageNameSchema, file: pathSchema, replace: z.boolean().optional() }),
  /** A folder that builds and runs without CraneML: Dockerfile, create.sh, run.sh. An earlier export there is replaced only with `replace: true`. */
  exportFolder: z.object({ image: imageNameSchema, out: pathSchema, replace: z.boolean().optional() }),
  pushImage: z.object({
    image: imageNameSchema,
    target: imageTagSchema,
    username: z.string().max(256).optional(),
    password: z.string().max(4096).optional(),
  }),
  /** CraneML's deployments on Docker Swarm, with replicas desired, running and healthy ([] when Swarm is off). */
  listDeployments: z.object({}),
  /** Deploys an image as a Swarm service, or rolls the deployment of that name to it; `initSwarm` allows `docker swarm init`. */
  deploy: z.object({
    image: imageNameSchema,
    name: deploymentNameSchema.optional(),
    replicas: z.number().int().min(MIN_REPLICAS).max(MAX_REPLICAS).optional(),
    port: portSchema.optional(),
    cpus: z.number().positive().max(MAX_CPUS).optional(),
    memoryMb: z.number().int().min(MIN_MEMORY_MB).max(MAX_MEMORY_MB).optional(),
    initSwarm: z.boolean().default(false),
  }),
  scaleDeployment: z.object({ name: deploymentNameSchema, replicas: z.number().int().min(MIN_REPLICAS).max(MAX_REPLICAS) }),
  rollbackDeployment: z.object({ name: deploymentNameSchema }),
  undeploy: z.object({ name: deploymentNameSchema }),
} as const;

export type CallName = keyof typeof CALL_SCHEMAS;
export type CallArgs<K extends CallName> = z.input<(typeof CALL_SCHEMAS)[K]>;
export type ParsedArgs<K extends CallName> = z.output<(typeof CALL_SCHEMAS)[K]>;

// ---------------------------------------------------------------- results

export type DockerState = 'connected' | 'not-running' | 'not-installed';

export interface DockerStatus {
  state: DockerState;
  /** The engine's version when connected. */
  version?: string;
  /** Where it was found (a socket path or URL). */
  endpoint?: string;
  /** What is wrong, or a one-line summary. */
  message: string;
  /** What to do about it ('' when connected). */
  advice: string;
}

/** A model the Python runtime serves, as the wizard shows it: what it runs, why Python serves it, its columns. */
export interface StagedPython {
  /** The manifest's python section as init writes it; `reason` says why the Python runtime serves it. */
  section: PythonSection & { reason: string };
  /** Typed columns (a Cog signature, a notebook model's columns); none: rows reach the code as sent. */
  columns?: TableColumn[];
  task?: 'classification' | 'regression';
  /** classes_ as strings (a notebook classifier). */
  classes?: string[];
  /** The folder's files left out of the project, and why (version control, caches, venvs). */
  skipped: { path: string; why: string }[];
}

export interface StagedModel {
  stagedId: string;
  format: string;
  fileName: string;
  files: { path: string; bytes: number }[];
  sizeBytes: number;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  metadata: Record<string, string | number>;
  /**
   * Set for a notebook model (scikit-learn, XGBoost, LightGBM), converted to the ONNX model the rest
   * describes: its columns, classes or regressor, and the conversion record with its parity proof.
   */
  notebook?: NotebookModel;
  /** Set for a model the Python runtime serves: a Cog or predict.py project, or a notebook model no converter took. */
  python?: StagedPython;
  /** What CraneML proposes (a preset for the bundled example, a guess otherwise; a notebook model's table). */
  setup: ModelSetup;
  /** Where the project folder goes unless the user picks another. */
  suggestedDir: string;
}

/** An output that could hold a classifier's scores (float, one class axis), as the Score output control lists it. */
export interface ScoreOutputOption {
  name: string;
  dtype: DType;
  shape: number[];
  /** Where the class axis lies in `shape`. */
  classAxis: number;
  /** Entries on the class axis; -1 when it is open. */
  classes: number;
}

/**
 * A classifier's set-up, decided once in the core (main/inference/setup-decision.ts) for `craneml init`
 * and the app: what `postprocess` becomes, each part with why, or the problem and the control to change.
 */
export interface SetupDecision {
  /** What it was decided for: how many labels, and the user's overrides (a page tells a stale answer by them). */
  labels: number;
  given: { output?: string; softmax?: boolean };
  /** The outputs that could hold the scores: the Score output control's choices. */
  outputs: ScoreOutputOption[];
  /** The score output; without labels, the one candidate (or the one named) if any. */
  output?: ScoreOutputOption;
  /** The classes the labels are checked against: the output's class axis, or the labels' count on an open axis. */
  classes?: number;
  softmax: boolean;
  softmaxWhy: string;
  /** Who decided softmax: the user, the probe run, the preset, or nobody (no labels: the outputs are served raw). */
  softmaxBy: 'user' | 'probe' | 'preset' | 'none';
  topK: number;
  task?: 'classification' | 'regression';
  /** What `postprocess.decided` records. */
  decided?: string;
  /** Why it cannot be served so, naming the control to change. */
  problem?: { field: 'labels' | 'output' | 'softmax'; message: string };
}

export interface TensorSummary {
  name: string;
  dtype: DType;
  shape: number[];
  min: number;
  max: number;
  mean: number;
  /** The first values, row-major. */
  head: number[];
}

export interface InputPreview {
  tensor: TensorSummary;
  /** The picture after the codec, as the model sees it (PNG data URL), for image input. */
  picture?: string;
  prediction: Prediction;
  ms: number;
}

export interface ProjectSummary {
  dir: string;
  name: string;
  version: string;
  format: string;
  inputKind: InputCodec['kind'];
  /** A notebook model's task: it answers a class per row, or a number. */
  task?: 'classification' | 'regression';
  labels: number;
  /** The tag the app proposes: name:version. */
  defaultTag: string;
}

export interface BuildJob {
  jobId: string;
}

export interface CallSnippets {
  curl: string;
  python: string;
  javascript: string;
}

export interface ServiceInfo {
  container: string;
  name: string;
  image: string;
  url: string;
  docsUrl: string;
  ready: boolean;
  inputKind: InputCodec['kind'] | 'unknown';
  snippets: CallSnippets;
}

export interface RunningService extends ServiceInfo {
  readyMs: number;
}

export interface ContainerRow {
  id: string;
  name: string;
  image: string;
  /** Docker's state: running, exited, created, ... */
  state: string;
  /** Human status such as "Up 3 minutes (healthy)". */
  status: string;
  /** Where the API answers, when the container is running and publishes a port. */
  url?: string;
  model?: string;
  created: string;
}

export interface ImageRow {
  id: string;
  tags: string[];
  sizeBytes: number;
  created: string;
  model?: string;
  /** The port its project's manifest serves on (server.port, recorded at build): the app's Run proposes it. */
  port?: number;
}

/** One replica of a deployment (a Swarm task that should be running). */
export interface ReplicaStatus {
  /** Swarm's slot number (1-based); with host publishing replica N serves on the base port + N - 1. */
  slot: number;
  /** The task's state: running, starting, preparing, failed... */
  state: string;
  health: 'healthy' | 'unhealthy' | 'starting' | 'none' | 'unknown';
  image: string;
  modelVersion?: string;
  url: string;
  error?: string;
}

export interface DeploymentStatus {
  name: string;
  /** The image the service's spec names now. */
  image: string;
  modelName?: string;
  modelVersion?: string;
  publish: 'ingress' | 'host';
  /** Ingress: the published port; host: replica 1's port. */
  port: number;
  /** Ingress: the one URL in front of every replica. */
  url?: string;
  replicas: { desired: number; running: number; healthy: number };
  /** The last rolling update: updating, completed, rollback_started, rollback_completed, paused... */
  update?: { state: string; message?: string };
  replicaList: ReplicaStatus[];
}

export interface DeployOutcome {
  status: DeploymentStatus;
  created: boolean;
  swarmInitialised: boolean;
  /** Swarm rolled the update back: the new image never became healthy. */
  rolledBack: boolean;
  ms: number;
}

export interface AppState {
  /** The project to open at start, when one was given. */
  project?: ProjectSummary;
  version: string;
  /** Where new project folders go by default (e.g. ~/CraneML). */
  projectsDir: string;
}

export interface CallResults {
  appState: AppState;
  dockerStatus: DockerStatus;
  stageModel: StagedModel;
  stageModelPaths: StagedModel;
  stageExample: StagedModel;
  presetSetup: ModelSetup;
  decideSetup: SetupDecision;
  previewInput: InputPreview;
  createProject: ProjectSummary;
  openProject: ProjectSummary;
  recentProjects: ProjectSummary[];
  buildImage: BuildJob;
  cancelBuild: { cancelled: boolean };
  checkPort: { port: number };
  runImage: RunningService;
  listContainers: ContainerRow[];
  listImages: ImageRow[];
  containerAction: { container: string; state: string };
  removeImage: { removed: string };
  serviceInfo: ServiceInfo;
  exportTar: { file: string; bytes: number };
  exportFolder: { dir: string; files: string[] };
  pushImage: { target: string; digest?: string };
  listDeployments: DeploymentStatus[];
  deploy: DeployOutcome;
  scaleDeployment: { status: DeploymentStatus; ms: number };
  rollbackDeployment: { status: DeploymentStatus; ms: number };
  undeploy: { removed: string; ms: number };
}

// ---------------------------------------------------------------- events

/** A packaging job's progress as the app sees it, made by the core from the daemon's BuildStreamEvent (main/docker/build-stream.ts). */
export type BuildEvent =
  | { type: 'stage'; message: string; progress: number }
  | { type: 'log'; line: string }
  | { type: 'done'; tag: string; imageId: string; sizeBytes: number; ms: number; baseImage: string }
  | { type: 'failed'; error: ApiErrorBody };

export interface ContainerStatusEvent {
  container: string;
  state: string;
  /** True when /readyz answers 200. */
  ready: boolean;
  url?: string;
}

export interface LogLineEvent {
  stream: 'stdout' | 'stderr';
  line: string;
}

/** A step of converting a dropped notebook model to ONNX (the first one builds the converter image: a minute or more). */
export interface ConversionEvent {
  /** The dropped file being converted. */
  fileName: string;
  step: ConvertStep;
  message: string;
}

export const EVENT_SCHEMAS = {
  build: z.object({ jobId: idSchema }),
  containerStatus: z.object({ container: containerNameSchema }),
  containerLogs: z.object({ container: containerNameSchema }),
  /** Models the desktop shell was asked to open (file association, command line, File › Open model…, a drop), staged. */
  openModel: z.object({}),
  /** Progress of the notebook models being staged, as they convert to ONNX. */
  conversion: z.object({}),
} as const;

export type EventName = keyof typeof EVENT_SCHEMAS;
export type EventParams<K extends EventName> = z.input<(typeof EVENT_SCHEMAS)[K]>;

export interface EventPayloads {
  build: BuildEvent;
  containerStatus: ContainerStatusEvent;
  containerLogs: LogLineEvent;
  openModel: StagedModel;
  conversion: ConversionEvent;
}

// ---------------------------------------------------------------- errors

export { CraneApiError, type ApiErrorBody, type ApiErrorCode } from './crane-error.ts';

// ---------------------------------------------------------------- the contract

export type Listener<K extends EventName> = (event: EventPayloads[K]) => void;

/**
 * Calls the page never makes itself: the desktop shell's preload makes them for it (stageDropped). The
 * web mode refuses them, so no web page can make the server read a path of its choosing.
 */
export const SHELL_ONLY_CALLS = ['stageModelPaths'] as const satisfies readonly CallName[];
export type ShellOnlyCall = (typeof SHELL_ONLY_CALLS)[number];
/** The calls the page makes by name. */
export type PageCallName = Exclude<CallName, ShellOnlyCall>;

/** Every call the page makes, typed from the schemas and results above; no untyped fallback. */
export type CraneCalls = { [K in PageCallName]: (args: CallArgs<K>) => Promise<CallResults[K]> };

export interface CraneApi extends CraneCalls {
  /**
   * Stages the files the user dropped or picked: the desktop app sends their paths (stageModelPaths, the
   * core copies the files), the web mode streams them up (stageModel). The page never reads their bytes.
   */
  stageDropped(args: { files: readonly File[]; inputShape?: number[] }): Promise<StagedModel>;
  /** Listens to an event stream; returns the function that stops listening. */
  subscribe<K extends EventName>(name: K, params: EventParams<K>, listener: Listener<K>): () => void;
}

export const CALL_NAMES = Object.keys(CALL_SCHEMAS) as CallName[];
export const PAGE_CALL_NAMES = CALL_NAMES.filter((name): name is PageCallName => !(SHELL_ONLY_CALLS as readonly string[]).includes(name));
/** The keys of CraneApi, as the preload exposes them. */
export const API_KEYS = [...PAGE_CALL_NAMES, 'stageDropped', 'subscribe'] as const;
export const EVENT_NAMES = Object.keys(EVENT_SCHEMAS) as EventName[];
