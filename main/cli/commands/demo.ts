/** `craneml demo`: the main job on the bundled digits example. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { inspectModel } from '../../formats/index.ts';
import { Predictor } from '../../inference/predictor.ts';
import { formatPrediction } from '../format-prediction.ts';
import { action } from '../run-action.ts';

export const DIGITS_EXAMPLE = fileURLToPath(new URL('../../../assets/examples/digits', import.meta.url));

export async function sampleImages(): Promise<string[]> {
  const dir = path.join(DIGITS_EXAMPLE, 'samples');
  return (await readdir(dir)).filter((n) => n.endsWith('.png')).sort().map((n) => path.join(dir, n));
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('inspect the bundled handwritten-digits example and predict its sample drawings')
    .action(
      action(async () => {
        const info = await inspectModel(path.join(DIGITS_EXAMPLE, 'model.onnx'));
        console.log(`digits example: ${info.format}, input ${info.inputs[0]!.name} [${info.inputs[0]!.shape.join(', ')}], opset ${info.metadata.opset}`);
        const predictor = await Predictor.open(DIGITS_EXAMPLE);
        try {
          for (const file of await sampleImages()) {
            const [prediction] = await predictor.predict([await predictor.sampleFromImage(await import('node:fs/promises').then((fs) => fs.readFile(file)))]);
            console.log(formatPrediction(path.basename(file), prediction!));
          }
        } finally {
          await predictor.close();
        }
      }),
    );
}
