/** Chooses the TF.js backend once: tfjs-node when it is installed and loads, else WebAssembly. */
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from './tfjs-api.ts';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

let ready: Promise<string> | undefined;

async function tryNativeBackend(): Promise<boolean> {
  try {
    // Optional accelerator: its install downloads libtensorflow, which may be absent.
    const name = '@tensorflow/tfjs-node';
    await import(name);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function init(): Promise<string> {
  if (process.env.CRANEML_TFJS_BACKEND !== 'wasm' && (await tryNativeBackend())) return 'tensorflow';
  const require = createRequire(import.meta.url);
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(wasmDir + path.sep);
  if (!(await tf.setBackend('wasm'))) throw new Error('the TF.js WebAssembly backend failed to start');
  await tf.ready();
  return 'wasm';
}

/** Resolves to the backend's name once TF.js is ready to run models. */
export function tfjsReady(): Promise<string> {
  ready ??= init();
  return ready;
}

export { tf };
