/** `craneml init <model>`: writes a project folder with the model files and craneml.json. */
import path from 'node:path';
import type { Command } from 'commander';
import { MANIFEST_FILE } from '../../manifest.ts';
import { initProject, nameFromFile, readLabels } from '../../project.ts';
import { action } from '../run-action.ts';

interface InitOptions {
  preset?: string;
  labels?: string;
  output?: string;
  name?: string;
  version?: string;
  force?: boolean;
  scoresOutput?: string;
  softmax?: boolean;
}

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('create a project folder (model files + craneml.json) for a model')
    .argument('<model>', 'model file (.onnx, TF.js model.json, Keras .h5/.keras) or a folder holding one')
    .option('--preset <name>', 'describe input and output with a preset (digits)')
    .option('--labels <file>', 'class labels: one per line, or a JSON array')
    .option('-o, --output <dir>', 'project folder to write (default: ./<model name>)')
    .option('--name <name>', 'model name in the manifest')
    .option('--version <version>', 'model version in the manifest', '1.0.0')
    .option('--scores-output <name>', 'the output that holds the class scores (default: the one float output with one entry per label)')
    .option('--softmax', 'apply softmax to the scores (the model gives logits)')
    .option('--no-softmax', 'leave the scores as they are (the model gives probabilities)')
    .option('--force', `replace an existing ${MANIFEST_FILE}`)
    .action(
      action(async (model: string, options: InitOptions) => {
        const labels = options.labels ? await readLabels(options.labels) : undefined;
        const outDir = options.output ?? nameFromFile(model);
        const project = await initProject(model, outDir, {
          preset: options.preset,
          labels,
          name: options.name,
          version: options.version,
          force: options.force,
          scoresOutput: options.scoresOutput,
          softmax: options.softmax,
        });
        const { manifest } = project;
        console.log(`wrote ${path.join(project.dir, MANIFEST_FILE)}`);
        console.log(
          `  ${manifest.name} ${manifest.version} (${manifest.format}), input: ${manifest.input.kind}, ${manifest.labels ? `${manifest.labels.length} labels` : 'raw outputs'}`,
        );
        if (manifest.postprocess.decided) console.log(`  decided: ${manifest.postprocess.decided}`);
        console.log(
          `next: craneml predict ${outDir} ${manifest.input.kind === 'image' ? '--image <picture.png>' : '--json <instances.json>'}   or   craneml build ${outDir} -t ${manifest.name}:${manifest.version}`,
        );
      }),
    );
}
