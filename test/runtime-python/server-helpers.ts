/**
 * Runs the Python runtime's server (templates/runtime-python) as its image does, `python -m
 * craneml_runtime` with the project's folder in CRANEML_PROJECT, in the venv holding the runtime's
 * pinned packages; and writes the predict.py projects its tests serve.
 */
import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, watchServer, type Served } from '../runtime/helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNTIME = path.join(ROOT, 'templates/runtime-python');

/** The venv's python (test/runtime-python/adapters-venv.sh makes it once from the runtime's requirements). */
export async function runtimePython(): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', [path.join(ROOT, 'test/runtime-python/adapters-venv.sh')], { maxBuffer: 1 << 24 });
  return path.join(stdout.trim(), 'bin/python');
}

/**
 * A predict.py whose rows say what it does: `name` "boom" raises, "too-large" raises as scikit-learn's
 * input check does, "hang" never returns, "wait" waits (writing `waiting` first) until a file `go`
 * exists; set-up raises while `fail-setup` exists and waits while `hold-setup` exists. Every other row
 * is answered `{"value": x * 2}`.
 */
export const PREDICT_PY = `import os
import time


class Predictor:
    def setup(self):
        if os.path.exists("fail-setup"):
            raise ValueError("no weights in model.bin")
        while os.path.exists("hold-setup"):
            time.sleep(0.01)

    def predict(self, rows):
        answers = []
        for row in rows:
            name = row.get("name") if isinstance(row, dict) else None
            if name == "boom":
                raise ValueError("unlucky row")
            if name == "too-large":
                raise ValueError("Input X contains infinity or a value too large for dtype('float32').")
            if name == "hang":
                time.sleep(3600)
            if name == "wait":
                open("waiting", "w").close()
                while not os.path.exists("go"):
                    time.sleep(0.01)
            answers.append({"value": row["x"] * 2} if isinstance(row, dict) and "x" in row else {"echo": row})
        return answers
`;

export const COLUMNS = [
  { name: 'x', type: 'number', tensor: 'x', example: 1.5, minimum: 0, maximum: 100, description: 'How far, in metres' },
  { name: 'name', type: 'string', tensor: 'name', default: 'a', description: 'What it is called' },
  { name: 'count', type: 'integer', tensor: 'count', default: 1 },
];

/** Writes a predict.py project: columns declared (a `table`), or none (`rows`). */
export async function writeProject(dir: string, options: { columns?: boolean; server?: Record<string, unknown> } = {}): Promise<string> {
  const manifest = {
    schema_version: 1,
    name: 'doubler',
    version: '1.2.0',
    description: 'Doubles x',
    format: 'python',
    runtime: 'python',
    model: { entry: 'predict.py', files: [{ path: 'predict.py', sha256: '0'.repeat(64), bytes: PREDICT_PY.length }] },
    input: options.columns === false ? { kind: 'rows' } : { kind: 'table', columns: COLUMNS },
    task: 'regression',
    python: {
      version: '3.11',
      requirements: [],
      source: { kind: 'predictor', file: 'predict.py', class: 'Predictor' },
      reason: 'it is Python',
    },
    server: { max_body_bytes: 4096, max_queue: 64, ...options.server },
  };
  await writeFile(path.join(dir, 'predict.py'), PREDICT_PY);
  await writeFile(path.join(dir, 'craneml.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** A running Python server: the same handle as `craneml serve`'s in the Node runtime's tests. */
export type PythonServer = Served;

/** Starts the server on a free port; it answers /healthz at once, /readyz once set up (see waitReady). */
export async function startPython(python: string, project: string, env: NodeJS.ProcessEnv = {}): Promise<PythonServer> {
  const port = await freePort();
  const child = spawn(python, ['-m', 'craneml_runtime'], {
    cwd: project,
    env: {
      ...process.env,
      PYTHONPATH: RUNTIME,
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONUNBUFFERED: '1',
      CRANEML_PROJECT: project,
      HOST: '127.0.0.1',
      PORT: String(port),
      CRANEML_API_KEY: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watchServer(child, `http://127.0.0.1:${port}`);
}

/** Polls until `check` holds (never a fixed sleep); fails with `what` after 60 s. */
export async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const give = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > give) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until /readyz answers 200 (or the process exits, which fails naming its stderr). */
export async function waitReady(server: PythonServer): Promise<void> {
  await until('/readyz 200', async () => {
    if (server.child.exitCode !== null) throw new Error(`the server exited with ${server.child.exitCode}: ${server.stderr()}`);
    return (await fetch(`${server.url}/readyz`).catch(() => undefined))?.status === 200;
  });
}
