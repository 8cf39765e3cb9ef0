/**
 * The servers of the tabular workloads, one per model (key `<server>@<model>`): CraneML on the ONNX
 * conversion (`craneml serve` and its image), CraneML's Python runtime on the pickle (its image), and
 * on the same pickle FastAPI + scikit-learn written by hand, BentoML, MLServer's scikit-learn runtime
 * and `mlflow models serve`, each in its own venv.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diskBytes, run } from '../proc.ts';
import {
  APPS,
  mlserverStart,
  processServer,
  pythonPeer,
  spawnServer,
  startContainer,
  tabularDir,
  venvDir,
  type Context,
  type ServerSpec,
  type Workload,
} from '../servers.ts';
import { bodyFile, DIALECT_CONTENT_TYPE, type Dialect } from './bodies.ts';
import { tabularFiles } from './setup.ts';
import { TABULAR_MODELS, TABULAR_WORKLOADS, tabularParts, type TabularFormat, type TabularModel } from './workloads.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CRANEML = path.resolve(HERE, '../../../../bin/craneml.js');

/** The server a tabular key names: "craneml-serve@cancer" → "craneml-serve". */
export function tabularRole(key: string): string {
  return key.split('@')[0]!;
}

export function tabularModelOf(key: string): TabularModel | undefined {
  const model = key.split('@')[1];
  return (TABULAR_MODELS as readonly string[]).includes(model ?? '') ? (model as TabularModel) : undefined;
}

/** Paths and bodies of `model`'s workloads in the formats this server takes, with the dialect of each. */
function requests(
  ctx: Context,
  model: TabularModel,
  url: string,
  dialects: Partial<Record<TabularFormat, Dialect>>,
): Pick<ServerSpec, 'paths' | 'bodies'> {
  const paths: Partial<Record<Workload, string>> = {};
  const bodies: NonNullable<ServerSpec['bodies']> = {};
  for (const workload of TABULAR_WORKLOADS) {
    const parts = tabularParts(workload);
    const dialect = dialects[parts.format];
    if (parts.model !== model || !dialect) continue;
    paths[workload] = url;
    bodies[workload] = { file: bodyFile(tabularDir(ctx), model, parts.rows, dialect), contentType: DIALECT_CONTENT_TYPE[dialect] };
  }
  return { paths, bodies };
}

async function imageBytes(image: string): Promise<number> {
  return Number((await run('docker', ['image', 'inspect', '-f', '{{.Size}}', image])).trim());
}

/** A CraneML image of one of the model's projects, built in set-up and removed at the end. */
function imageSpec(ctx: Context, model: TabularModel, runtime: 'node' | 'python'): ServerSpec {
  const files = tabularFiles(tabularDir(ctx), model);
  const image = `${ctx.image}-${model}-${runtime}`;
  const node = runtime === 'node';
  return {
    key: `${node ? 'craneml-container' : 'craneml-python'}@${model}`,
    label: node ? 'CraneML (container, ONNX)' : 'CraneML Python runtime (container, pickle)',
    craneml: true,
    ...requests(ctx, model, '/predict', { json: 'instances', csv: 'csv' }),
    async prepare(log) {
      const t = performance.now();
      const project = node ? files.onnxProject : files.pythonProject;
      // The Python runtime's base: the local one when python:3.11-slim cannot be pulled (as `craneml build` decides).
      await run(process.execPath, [
        CRANEML,
        'build',
        project,
        '-t',
        image,
        ...(node ? ['--base-image', 'craneml/local-base:node20'] : []),
        '--json',
      ]);
      ctx.images?.push(image);
      log(`tabular ${model}: ${runtime} image ${image} built in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    },
    async installed() {
      return { bytes: await imageBytes(image), what: `image, with its ${node ? 'Node.js' : 'Python'} base` };
    },
    start: (port, log) => startContainer(image, port, log),
  };
}

function specsFor(ctx: Context, model: TabularModel): ServerSpec[] {
  const dir = tabularDir(ctx);
  const files = tabularFiles(dir, model);
  const fastapiDir = path.join(dir, `${model}-fastapi`);
  const mlflowModel = path.join(dir, `${model}-mlflow`);
  const mlserverRepository = path.join(dir, `${model}-mlserver`);
  const exported = path.join(dir, `${model}-export`);
  return [
    {
      key: `craneml-serve@${model}`,
      label: 'CraneML (craneml serve, ONNX)',
      craneml: true,
      ...requests(ctx, model, '/predict', { json: 'instances', csv: 'csv' }),
      async installed() {
        await run(process.execPath, [CRANEML, 'export', files.onnxProject, '-o', exported, '--base-image', 'craneml/local-base:node20']);
        return {
          bytes: await diskBytes(path.join(exported, 'runtime')),
          what: 'bundled server + runtime node_modules (craneml export runtime/)',
        };
      },
      async start(port, log) {
        return processServer(
          spawnServer(process.execPath, [CRANEML, 'serve', files.onnxProject, '--port', String(port), '--host', '127.0.0.1'], {
            env: { CRANEML_API_KEY: '' },
            log,
          }),
        );
      },
    },
    imageSpec(ctx, model, 'node'),
    imageSpec(ctx, model, 'python'),
    {
      ...pythonPeer(
        `fastapi-sklearn@${model}`,
        'FastAPI + scikit-learn (by hand)',
        'fastapi-sklearn',
        {},
        async (port) => ({ command: 'uvicorn', args: ['app:app', '--host', '127.0.0.1', '--port', String(port)], cwd: fastapiDir }),
        ctx,
      ),
      ...requests(ctx, model, '/predict', { json: 'instances' }),
      async prepare() {
        await mkdir(fastapiDir, { recursive: true });
        await copyFile(path.join(HERE, '..', 'fastapi-sklearn.py'), path.join(fastapiDir, 'app.py'));
        await copyFile(files.pickle, path.join(fastapiDir, 'model.pkl'));
      },
    },
    {
      ...pythonPeer(
        `bentoml-sklearn@${model}`,
        'BentoML (DataFrame API)',
        'bentoml-sklearn',
        {},
        async (port) => ({
          command: 'bentoml',
          args: ['serve', 'bentoml_sklearn_service:Tabular', '--host', '127.0.0.1', '--port', String(port)],
          env: { BENTOML_HOME: path.join(dir, 'bentoml-home'), MODEL_PATH: files.pickle },
          cwd: APPS,
        }),
        ctx,
      ),
      ...requests(ctx, model, '/predict', { json: 'bentoml' }),
    },
    {
      ...pythonPeer(
        `mlserver-sklearn@${model}`,
        'MLServer (mlserver-sklearn, pandas codec)',
        'mlserver-sklearn',
        {},
        (port) => mlserverStart(mlserverRepository, port),
        ctx,
      ),
      ...requests(ctx, model, `/v2/models/${model}/infer`, { json: 'v2-pandas' }),
      async prepare() {
        await mkdir(mlserverRepository, { recursive: true });
        await copyFile(files.pickle, path.join(mlserverRepository, 'model.pkl'));
        await writeFile(path.join(mlserverRepository, 'settings.json'), JSON.stringify({ host: '127.0.0.1' }) + '\n');
        await writeFile(
          path.join(mlserverRepository, 'model-settings.json'),
          JSON.stringify({ name: model, implementation: 'mlserver_sklearn.SKLearnModel', parameters: { uri: './model.pkl' } }) + '\n',
        );
      },
    },
    {
      ...pythonPeer(
        `mlflow@${model}`,
        'mlflow models serve (sklearn flavour)',
        'mlflow',
        {},
        async (port) => ({
          command: 'mlflow',
          args: ['models', 'serve', '-m', mlflowModel, '--env-manager', 'local', '-h', '127.0.0.1', '-p', String(port)],
          env: { MLFLOW_TRACKING_URI: `file://${path.join(dir, 'mlruns')}` },
        }),
        ctx,
      ),
      ...requests(ctx, model, '/invocations', { json: 'mlflow', csv: 'csv' }),
      async prepare() {
        await run(path.join(venvDir('mlflow'), 'bin', 'python'), [path.join(HERE, 'mlflow_save.py'), files.pickle, mlflowModel]);
      },
    },
  ];
}

/** Every tabular server of every model, its label naming the model. */
export function tabularSpecs(ctx: Context): ServerSpec[] {
  return TABULAR_MODELS.flatMap((model) => specsFor(ctx, model).map((spec) => ({ ...spec, label: `${spec.label} · ${model}` })));
}
