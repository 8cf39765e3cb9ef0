/**
 * The parts of TF.js CraneML runs models with: core, layers and the graph-model converter. Not the
 * `@tensorflow/tfjs` union package, which also loads tf.data, gradients, chained ops and the CPU and
 * WebGL backends, none of which a server on the WebAssembly (or native) backend uses.
 */
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
export * from '@tensorflow/tfjs-converter';
