/** `craneml predict <model-or-project> --image ... | --json ... | --csv ...`: in-process prediction, or a running server's. */
import path from 'node:path';
import type { Command } from 'commander';
import { CraneError, InputError } from '../../errors.ts';
import type { Sample } from '../../inference/batch.ts';
import type { EchoRows } from '../../inference/csv-answer.ts';
import { printPredictions } from '../format-prediction.ts';
import { action } from '../run-action.ts';

export type PredictOutput = 'text' | 'json' | 'csv';

export interface PredictOptions {
  image?: string[];
  json?: string;
  /** A CSV file with a header row (rows of a table), or - for stdin. */
  csv?: string;
  preset?: string;
  output?: PredictOutput;
  v2?: boolean;
}

const OUTPUTS: readonly string[] = ['text', 'json', 'csv'];

/** Checks the inputs given and settles the output: CSV for --csv rows, else text, unless -o says. */
export function checkPredictInputs(options: PredictOptions): PredictOutput {
  const given = [options.image?.length ? '--image' : '', options.json ? '--json' : '', options.csv ? '--csv' : ''].filter(Boolean);
  if (given.length === 0) throw new CraneError('USAGE', 'give --image <file> (one or more), --json <file|-> or --csv <file|->');
  if (given.length > 1) throw new CraneError('USAGE', `give one of ${given.join(', ')}, not several`);
  if (options.output !== undefined && !OUTPUTS.includes(options.output))
    throw new CraneError('USAGE', `-o must be text, json or csv, not "${String(options.output).slice(0, 40)}"`);
  if (options.csv && options.v2) throw new CraneError('USAGE', "--csv goes to the server's /predict; leave out --v2");
  return options.output ?? (options.csv ? 'csv' : 'text');
}

async function predictLocal(target: string, options: PredictOptions, output: PredictOutput): Promise<void> {
  const { openPredictor } = await import('../../api/open-model.ts');
  const { readInputFile, readInstances } = await import('../read-input.ts');
  const { csvAnswer, echoInstances } = await import('../../inference/csv-answer.ts');
  const predictor = await openPredictor(target, { preset: options.preset });
  // The limit the model's own server would put on the request.
  const limit = predictor.manifest.server.max_body_bytes;
  try {
    if (output === 'csv' && !predictor.table)
      throw new CraneError('USAGE', `-o csv is for models that take a table; "${predictor.manifest.name}" does not`);
    const sources: string[] = [];
    const samples: Sample[] = [];
    let echo: EchoRows | undefined;
    if (options.json) {
      const instances = await readInstances(options.json, limit);
      instances.forEach((instance, i) => {
        sources.push(`instance ${i}`);
        try {
          samples.push(predictor.sampleFromInstance(instance));
        } catch (error) {
          throw instances.length > 1 && error instanceof InputError ? new InputError(`instance ${i}: ${error.message}`) : error;
        }
      });
      if (predictor.table) echo = echoInstances(predictor.table.columns, instances);
    }
    if (options.csv) {
      const rows = predictor.samplesFromCsv(await readInputFile(options.csv, limit));
      rows.samples.forEach((sample, i) => {
        sources.push(`row ${i + 1}`);
        samples.push(sample);
      });
      echo = rows.echo;
    }
    for (const file of options.image ?? []) {
      sources.push(path.basename(file));
      samples.push(await predictor.sampleFromImage(await readInputFile(file, limit)));
    }
    predictor.checkCount(samples.length);
    const outputs = await predictor.runSamples(samples);
    predictor.refuseUnfilledGaps(samples, outputs, (row) => sources[row]!);
    if (output === 'csv' && echo) {
      process.stdout.write(csvAnswer(predictor.manifest, echo, outputs));
      return;
    }
    const model = { name: predictor.manifest.name, version: predictor.manifest.version };
    printPredictions(output, { predictions: predictor.toPredictions(outputs), model }, sources);
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
    .option('--csv <file>', 'rows of a table: a CSV file with a header row, or - for stdin (prints CSV: the rows, then the predictions)')
    .option('--preset <name>', 'for a bare model file: describe it with a preset (digits)')
    .option('--v2', 'talk to a server through the Open Inference Protocol (KServe V2)')
    .option('-o, --output <format>', 'text, json or csv (default: csv for --csv, else text)')
    .action(
      action(async (target: string, options: PredictOptions) => {
        const output = checkPredictInputs(options);
        if (/^https?:\/\//i.test(target)) {
          const { predictRemote } = await import('../predict-remote.ts');
          await predictRemote(target, options, output);
          return;
        }
        await predictLocal(target, options, output);
      }),
    );
}
