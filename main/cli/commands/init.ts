/** `craneml init <model>`: writes a project folder with the model files and craneml.json. */
import path from 'node:path';
import type { Command } from 'commander';
import { CraneError } from '../../errors.ts';
import type { MANIFEST_FILE as MANIFEST_FILE_NAME } from '../../manifest.ts';
import type { Manifest } from '../../manifest.ts';
import type { ImagePreprocessing } from '../../project.ts';
import { cancelOnSignal } from '../cancel-on-signal.ts';
import { addConvertFlags, convertOptions, type ConvertFlags } from '../convert-flags.ts';
import { addInputShapeFlag, parseInputShape, type InputShapeFlag } from '../input-shape.ts';
import { action } from '../run-action.ts';

/** manifest.ts's name, written out so that `--help` does not load the manifest schema (checked by the type). */
const MANIFEST_FILE: typeof MANIFEST_FILE_NAME = 'craneml.json';

interface InitOptions extends ConvertFlags, InputShapeFlag {
  preset?: string;
  labels?: string;
  output?: string;
  name?: string;
  version?: string;
  force?: boolean;
  scoresOutput?: string;
  softmax?: boolean;
  /** false with --no-fallback: a notebook model whose conversion fails is an error, not served by Python. */
  fallback?: boolean;
  mean?: string;
  std?: string;
  fit?: string;
  kernel?: string;
}

const FITS = ['fill', 'contain', 'crop'] as const;
const KERNELS = ['lanczos3', 'bilinear', 'nearest'] as const;

/** "0.485,0.456,0.406" (or spaces) -> numbers; anything else is a usage error naming the flag. */
export function parseChannelList(flag: string, text: string): number[] {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  const values = parts.map(Number);
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) {
    throw new CraneError(
      'USAGE',
      `${flag} takes numbers separated by commas, one per channel (e.g. ${flag} 0.485,0.456,0.406), not "${text}"`,
    );
  }
  return values;
}

function oneOf<T extends string>(flag: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text))
    throw new CraneError('USAGE', `${flag} takes one of ${allowed.join(', ')}, not "${text}"`);
  return text as T;
}

/** The image pre-processing flags, checked. */
function imageOptions(options: InitOptions): ImagePreprocessing {
  return {
    mean: options.mean === undefined ? undefined : parseChannelList('--mean', options.mean),
    std: options.std === undefined ? undefined : parseChannelList('--std', options.std),
    fit: oneOf('--fit', options.fit, FITS),
    kernel: oneOf('--kernel', options.kernel, KERNELS),
  };
}

/** A notebook model's table, classes and parity proof, as init prints them. */
async function printTable(manifest: Manifest): Promise<void> {
  if (manifest.input.kind !== 'table') return;
  const classes = manifest.task === 'regression' ? 'regressor' : `classes: ${(manifest.labels ?? []).join(', ')}`;
  console.log(`  table: ${manifest.input.columns.length} columns; ${classes}`);
  const conversion = manifest.conversion;
  if (!conversion) return;
  const { parityLine } = await import('../../shared/parity-line.ts');
  console.log(`  converted: ${conversion.source.file} by ${conversion.converter.name} ${conversion.converter.version}`);
  console.log(`  parity: ${conversion.parity.passed ? 'passed' : 'FAILED'}: ${parityLine(conversion.parity)}`);
}

export function registerInitCommand(program: Command): void {
  const command = program
    .command('init')
    .description('create a project folder (model files + craneml.json) for a model')
    .argument(
      '<model>',
      'model file (.onnx, TF.js model.json, Keras .h5/.keras, scikit-learn/XGBoost/LightGBM file, PyTorch TorchScript .pt or torch.export .pt2), a folder holding one, or a project folder with cog.yaml or predict.py',
    )
    .option('--preset <name>', 'describe input and output with a preset (digits)')
    .option('--labels <file>', 'class labels: one per line, or a JSON array')
    .option('-o, --output <dir>', 'project folder to write (default: ./<model name>)')
    .option('--name <name>', 'model name in the manifest')
    .option('--version <version>', 'model version in the manifest', '1.0.0')
    .option('--scores-output <name>', 'the output that holds the class scores (default: the one float output with one entry per label)')
    .option('--softmax', 'apply softmax to the scores (the model gives logits)')
    .option('--no-softmax', 'leave the scores as they are (the model gives probabilities)')
    .option('--mean <list>', 'per-channel means subtracted after scaling to 0..1, e.g. 0.485,0.456,0.406 (image input)')
    .option('--std <list>', 'per-channel standard deviations divided by after the mean, e.g. 0.229,0.224,0.225 (image input)')
    .option(
      '--fit <mode>',
      'a picture of another aspect ratio: fill (stretch, default), contain (pad) or crop (resize the short side, centre crop)',
    )
    .option('--kernel <name>', 'resize kernel: lanczos3 (default), bilinear or nearest')
    .option('--force', `replace an existing ${MANIFEST_FILE}`)
    .option('--no-fallback', 'notebook model: fail when its conversion fails, instead of serving the file with the Python runtime');
  addConvertFlags(addInputShapeFlag(command)).action(
    action(async (model: string, options: InitOptions) => {
      const image = imageOptions(options);
      const inputShape = parseInputShape(options.inputShape);
      const { nameFromFile, readLabels } = await import('../../project.ts');
      const { initAnyProject } = await import('../../api/open-model.ts');
      const labels = options.labels ? await readLabels(options.labels) : undefined;
      // A project folder (cog.yaml, predict.py) named from its parent would be written over itself.
      const named = nameFromFile(model);
      const outDir = options.output ?? (path.resolve(named) === path.resolve(model) ? `${named}-project` : named);
      const cancel = cancelOnSignal();
      let project;
      try {
        project = await initAnyProject(model, outDir, {
          preset: options.preset,
          labels,
          name: options.name,
          version: options.version,
          force: options.force,
          scoresOutput: options.scoresOutput,
          softmax: options.softmax,
          image,
          inputShape,
          convert: { ...convertOptions(options, cancel), pythonFallback: options.fallback !== false },
        });
      } finally {
        cancel.dispose();
      }
      const { manifest } = project;
      console.log(`wrote ${path.join(project.dir, MANIFEST_FILE)}`);
      console.log(
        `  ${manifest.name} ${manifest.version} (${manifest.format}), input: ${manifest.input.kind}, ${manifest.labels ? `${manifest.labels.length} labels` : 'raw outputs'}`,
      );
      if (manifest.input.kind === 'image') {
        const codec = manifest.input;
        const norm = codec.mean || codec.std ? `, mean ${(codec.mean ?? [0]).join(',')} std ${(codec.std ?? [1]).join(',')}` : '';
        const fit = codec.center === 'mnist' ? 'MNIST centring' : `fit ${codec.fit}, kernel ${codec.kernel}`;
        const scale = Math.abs(codec.scale - 1 / 255) < 1e-12 ? '1/255' : String(codec.scale);
        console.log(`  image: ${codec.width}x${codec.height}x${codec.channels} ${codec.layout}, ${fit}, scale ${scale}${norm}`);
        const unused = ['fit', 'kernel'].filter((k) => options[k as 'fit' | 'kernel'] !== undefined).map((k) => `--${k}`);
        if (codec.center === 'mnist' && unused.length > 0) {
          console.log(`  note: ${unused.join(' and ')} not used: MNIST centring fits the ink itself`);
        }
      }
      if (project.python) {
        const { becauseLine, pythonLines } = await import('../format-python.ts');
        console.log(`  ${becauseLine(project.python)}`);
        console.log(
          pythonLines(project.python, manifest.model.files)
            .slice(1)
            .map((line) => `  ${line}`)
            .join('\n'),
        );
        console.log(
          `next: craneml build ${outDir} -t ${manifest.name}:${manifest.version}   then   craneml run ${manifest.name}:${manifest.version}`,
        );
        return;
      }
      await printTable(manifest);
      if (manifest.postprocess.decided) console.log(`  decided: ${manifest.postprocess.decided}`);
      console.log(
        `next: craneml predict ${outDir} ${{ image: '--image <picture.png>', table: '--csv <rows.csv>', tensor: '--json <instances.json>', rows: '--json <rows.json>' }[manifest.input.kind]}   or   craneml build ${outDir} -t ${manifest.name}:${manifest.version}`,
      );
    }),
  );
}
