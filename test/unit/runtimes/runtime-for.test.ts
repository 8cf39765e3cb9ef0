import { describe, expect, it } from 'vitest';
import { runtimeFor } from '../../../main/runtimes/index.ts';

describe('runtimeFor', () => {
  it('gives model files to the Node runtime and Python code to the Python runtime', () => {
    for (const format of ['onnx', 'tfjs', 'keras'] as const) expect(runtimeFor({ format, runtime: undefined }).id).toBe('node');
    expect(runtimeFor({ format: 'python', runtime: undefined }).id).toBe('python');
  });

  it('follows the runtime the manifest names', () => {
    expect(runtimeFor({ format: 'python', runtime: 'python' }).id).toBe('python');
    expect(runtimeFor({ format: 'onnx', runtime: 'node' }).id).toBe('node');
  });

  it('lists each runtime for the formats it serves', () => {
    expect(runtimeFor({ format: 'onnx', runtime: undefined }).formats).toEqual(['onnx', 'tfjs', 'keras']);
    expect(runtimeFor({ format: 'python', runtime: undefined }).formats).toEqual(['python']);
  });
});
