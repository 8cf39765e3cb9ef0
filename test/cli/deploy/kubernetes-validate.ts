/** The offline Kubernetes validator scripts/setup.sh installs (PyPI kubernetes-validate in a venv), and YAML read through its Python. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** The Kubernetes version the manifests are checked against. */
export const KUBERNETES_VERSION = '1.34.0';
const VENV = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'craneml', 'kubernetes-validate');

function tool(name: string): string {
  const file = path.join(VENV, 'bin', name);
  if (!existsSync(file)) throw new Error(`${file} is missing; run: bash scripts/setup.sh`);
  return file;
}

/** `kubernetes-validate --strict -k <version>` on the files; resolves with its output, rejects with it when a file fails. */
export async function kubernetesValidate(files: string[]): Promise<string> {
  const { stdout, stderr } = await run(tool('kubernetes-validate'), ['--strict', '-k', KUBERNETES_VERSION, ...files], { timeout: 120_000 });
  return stdout + stderr;
}

/** Every document of a YAML file, as JSON values (PyYAML's safe loader). */
export async function readYaml(file: string): Promise<unknown[]> {
  const script = 'import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1])))))';
  const { stdout } = await run(tool('python'), ['-c', script, file], { timeout: 60_000 });
  return JSON.parse(stdout) as unknown[];
}
