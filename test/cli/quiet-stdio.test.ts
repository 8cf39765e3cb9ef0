/**
 * The CLI's streams as a Unix tool's: a reader that closes early (`craneml ... | head -1`) ends the
 * command quietly, with no EPIPE stack; onnxruntime's own log lines stay off stderr unless --debug.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const bin = path.resolve('bin/craneml.js');
const DIGITS = 'assets/examples/digits';
let tmp: string;
let noisyModel: string;

/**
 * y = Identity(x) over float32 [-1, 4], plus an initializer no node uses: onnxruntime warns about it
 * ("[W:onnxruntime:, graph.cc ...] Removing initializer 'unused'") at its default log level.
 */
function unusedInitializerModel(): Uint8Array {
  const root = protobuf.Root.fromJSON({
    nested: {
      OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
      Dimension: { fields: { dim_value: { type: 'int64', id: 1 }, dim_param: { type: 'string', id: 2 } } },
      TensorShapeProto: { fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } } },
      TensorTypeProto: { fields: { elem_type: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } },
      TypeProto: { fields: { tensor_type: { type: 'TensorTypeProto', id: 1 } } },
      ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } } },
      TensorProto: {
        fields: {
          dims: { rule: 'repeated', type: 'int64', id: 1 },
          data_type: { type: 'int32', id: 2 },
          float_data: { rule: 'repeated', type: 'float', id: 4, options: { packed: true } },
          name: { type: 'string', id: 8 },
        },
      },
      NodeProto: {
        fields: {
          input: { rule: 'repeated', type: 'string', id: 1 },
          output: { rule: 'repeated', type: 'string', id: 2 },
          name: { type: 'string', id: 3 },
          op_type: { type: 'string', id: 4 },
        },
      },
      GraphProto: {
        fields: {
          node: { rule: 'repeated', type: 'NodeProto', id: 1 },
          name: { type: 'string', id: 2 },
          initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
          input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
          output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
        },
      },
      ModelProto: {
        fields: {
          ir_version: { type: 'int64', id: 1 },
          producer_name: { type: 'string', id: 2 },
          graph: { type: 'GraphProto', id: 7 },
          opset_import: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
        },
      },
    },
  });
  const tensor = (name: string) => ({
    name,
    type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_param: 'N' }, { dim_value: 4 }] } } },
  });
  const ModelProto = root.lookupType('ModelProto');
  const model = ModelProto.fromObject({
    ir_version: 8,
    producer_name: 'craneml-test',
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: 'noisy',
      node: [{ input: ['x'], output: ['y'], name: 'identity', op_type: 'Identity' }],
      initializer: [{ name: 'unused', dims: [2], data_type: 1, float_data: [1, 2] }],
      input: [tensor('x')],
      output: [tensor('y')],
    },
  });
  return ModelProto.encode(model).finish();
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-stdio-'));
  noisyModel = path.join(tmp, 'noisy.onnx');
  await writeFile(noisyModel, unusedInitializerModel());
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Runs the CLI with its stdout read by nobody: the pipe is closed before the command writes. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('a reader that closes the pipe early', () => {
  it.each([
    ['inspect --json', ['inspect', `${DIGITS}/model.onnx`, '--json']],
    ['schema', ['schema']],
    ['predict', ['predict', DIGITS, '--image', `${DIGITS}/samples/7.png`, `${DIGITS}/samples/3.png`]],
  ])('%s into a closed pipe: exit 0, nothing on stderr', async (_, args) => {
    const result = await runWithClosedStdout(args);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, signal: null });
  });

  it('`craneml inspect --json ... | head -1` in a shell: the first line, exit 0, no EPIPE', async () => {
    const script = `node ${JSON.stringify(bin)} inspect ${DIGITS}/model.onnx --json | head -1; echo "status \${PIPESTATUS[0]}" >&2`;
    const result = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.on('close', () => resolve({ stdout, stderr }));
    });
    expect(result.stdout).toBe('{\n');
    expect(result.stderr).toBe('status 0\n');
  });
});

describe("onnxruntime's own log lines", () => {
  it('stay off stderr by default, on a model onnxruntime warns about', async () => {
    const result = await runCli(['predict', noisyModel, '--json', '-'], { input: '{"instances": [[1, 2, 3, 4]]}' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1,\s*2,\s*3,\s*4/);
    expect(result.stderr).not.toMatch(/onnxruntime/);
    const inspected = await runCli(['inspect', noisyModel]);
    expect(inspected.code).toBe(0);
    expect(inspected.stderr).toBe('');
  });

  it('show with --debug (its warning and info lines)', async () => {
    const result = await runCli(['predict', noisyModel, '--json', '-', '--debug'], { input: '{"instances": [[1, 2, 3, 4]]}' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/\[W:onnxruntime:[^\]]*\] Removing initializer 'unused'/);
    expect(result.stderr).toMatch(/\[I:onnxruntime:/);
  });
});
