/** `craneml predict <model-or-project> --image ... | --json ...`: in-process prediction. */
import path from 'node:path';
import type { Command } from 'commander';
import { CraneError } from '../../errors.ts';
import type { Sample } from '../../inference/batch.ts';
import { formatPrediction } from '../format-prediction.ts';
import { action } from '../run-action.ts';

export interface PredictOptions {
  image?: string[];
  json?: string;
  preset?: string;
  output?: 'text' | 'json';
  v2?: boolean;
}

export function checkPredictInputs(options: PredictOptions): void {
  if (!options.image?.length && !options.json) throw new CraneError('USAGE', 'give --image <file> (one or more) or --json <file|->');
  if (options.image?.length && options.json) throw new CraneError('USAGE', 'give either --image or --json, not both');
}

async function predictLocal(target: string, options: PredictOptions): Promise<void> {
  const { Predictor } = await import('../../inference/predictor.ts');
  const { readInputFile, readInstances } = await import('../read-input.ts');
  const predictor = await Predictor.open(target, { preset: options.preset });
  // The limit the model's own server would put on the request.
  const limit = predictor.manifest.server.max_body_bytes;
  try {
    const sources: string[] = [];
    const samples: Sample[] = [];
    if (options.json) {
      const instances = await readInstances(options.json, limit);
      instances.forEach((instance, i) => {
        sources.push(`instance ${i}`);
        samples.push(predictor.sampleFromInstance(instance));
      });
    }
    for (const file of options.image ?? []) {
      sources.push(path.basename(file));
      samples.push(await predictor.sampleFromImage(await readInputFile(file, limit)));
    }
    const predictions = await predictor.predict(samples);
    if (options.output === 'json') {
      console.log(JSON.stringify({ predictions, model: { name: predictor.manifest.name, version: predictor.manifest.version } }, null, 2));
    } else {
      predictions.forEach((p, i) => console.log(formatPrediction(sources[i]!, p)));
    }
  } finally {
    await predictor.close();
  }
}

export function registerPredictCommand(program: Command): void {
  program
    .command('predict')
    .description('predict with a model in this process, or with a running server given its URL')
    .argument('<target>', 'project folder, model file, or http://host:port of a running server')
    .option('--image <files...>', 'PNG or JPEG images')
    .option('--json <file>', 'JSON {"instances": [...]} from a file, or - for stdin')
    .option('--preset <name>', 'for a bare model file: describe it with a preset (digits)')
    .option('--v2', 'talk to a server through the Open Inference Protocol (KServe V2)')
    .option('-o, --output <format>', 'text or json', 'text')
    .action(
      action(async (target: string, options: PredictOptions) => {
        checkPredictInputs(options);
        if (/^https?:\/\//i.test(target)) {
          const { predictRemote } = await import('../predict-remote.ts');
          await predictRemote(target, options);
          return;
        }
        await predictLocal(target, options);
      }),
    );
}
