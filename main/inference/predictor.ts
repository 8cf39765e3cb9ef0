/**
 * The prediction path shared by the CLI and the server: inputs (JSON instances, rows of a table
 * or images) become samples, samples run through the model in one call, outputs become predictions.
 */
import type * as ImageCodecModule from '../codec/image-codec.ts';
import type { EncodedImage } from '../codec/image-codec.ts';
import { maxImagePixels } from '../codec/limits.ts';
import { InputError } from '../errors.ts';
import { HttpError } from '../http/http-errors.ts';
import { loadModel, type LoadedModel, type Tensor } from '../formats/index.ts';
import type { Manifest, TensorSpec } from '../manifest.ts';
import { openProject, type ManifestOptions, type Project } from '../project.ts';
import { pythonNotInProcess } from '../python-project/not-in-process.ts';
import type { Prediction } from '../shared/http-contract.ts';
import { batchAxisOf, sampleKey, sampleShapeOf, splitOutputs, stackSamples, type BatchAxis, type Sample } from './batch.ts';
import { imageTensorData } from './image-tensor.ts';
import { answersANumber, toPrediction } from './postprocess.ts';
import type { EchoRows } from './csv-answer.ts';
import { samplesFromCsv } from './csv-table.ts';
import { quoted, TableRows } from './table-rows.ts';
import { tensorFromNested } from './tensor-from-json.ts';

/**
 * The image codec, loaded with the first picture rather than at start: it brings sharp (libvips),
 * which a server decoding in its worker threads, or a tensor model, never needs on this thread.
 */
let imageCodec: Promise<typeof ImageCodecModule> | undefined;

/** Loads a project's model file; the model server passes one that runs ONNX models in a thread of their own. */
export type ModelLoader = (entry: string, manifest: Manifest) => Promise<LoadedModel>;

const loadInProcess: ModelLoader = (entry) => loadModel(entry);

export class Predictor {
  readonly project: Project;
  readonly model: LoadedModel;
  /** True when every input has a dynamic first axis, so samples can be stacked into one call. */
  readonly batchable: boolean;
  /** The inputs' batch axis: dynamic, fixed at B (a request then holds exactly B instances), or none. */
  readonly batchAxis: BatchAxis;
  /** How rows of a table become samples, for a model whose input is a table. */
  readonly table: TableRows | undefined;

  private constructor(project: Project, model: LoadedModel) {
    this.project = project;
    this.model = model;
    this.batchAxis = batchAxisOf(project.manifest.signature.inputs);
    this.batchable = this.batchAxis.kind === 'dynamic';
    this.table = project.manifest.input.kind === 'table' ? new TableRows(project.manifest, (spec) => this.sampleShape(spec)) : undefined;
  }

  /** A predictor for `project` over a model already loaded (the wizard re-describes one model many times). */
  static withModel(project: Project, model: LoadedModel): Predictor {
    return new Predictor(project, model);
  }

  /** Opens a project folder or a bare model file and loads the model (in this thread unless `load` says otherwise). */
  static async open(target: string, options: ManifestOptions = {}, load: ModelLoader = loadInProcess): Promise<Predictor> {
    const project = await openProject(target, options);
    if (project.manifest.format === 'python') throw pythonNotInProcess(target);
    return new Predictor(project, await load(project.entry, project.manifest));
  }

  get manifest(): Manifest {
    return this.project.manifest;
  }

  private get inputs(): TensorSpec[] {
    return this.manifest.signature.inputs;
  }

  /** The per-sample shape of an input: its shape without the batch axis when batchable. */
  sampleShape(spec: TensorSpec): number[] {
    return sampleShapeOf(this.inputs, spec);
  }

  /**
   * Checks a request's instance count: a model with a fixed batch of B takes exactly B instances,
   * one a row (anything else would be padded or cut silently).
   */
  checkCount(count: number): void {
    if (this.batchAxis.kind !== 'fixed' || count === this.batchAxis.size) return;
    const size = this.batchAxis.size;
    throw new InputError(
      `model "${this.manifest.name}" has a fixed batch of ${size}: send exactly ${size} instances, one a row (got ${count})`,
    );
  }

  /** A request's samples, once their count is checked (see checkCount). */
  checkRequest(samples: Sample[]): Sample[] {
    this.checkCount(samples.length);
    return samples;
  }

  /**
   * One sample from a JSON instance: a row (an object by column name, or an array in column order)
   * for a table, else a nested array for a one-input model, or an object by input name.
   */
  sampleFromInstance(instance: unknown): Sample {
    if (this.table) return this.table.sampleFromInstance(instance);
    const [only] = this.inputs;
    if (this.inputs.length === 1 && only && (Array.isArray(instance) || typeof instance !== 'object' || instance === null)) {
      return { [only.name]: tensorFromNested(only, this.sampleShape(only), instance) };
    }
    if (typeof instance !== 'object' || instance === null || Array.isArray(instance)) {
      throw new InputError(`each instance must be an object with the inputs ${this.inputs.map((s) => `"${s.name}"`).join(', ')}`);
    }
    const sample: Sample = {};
    for (const spec of this.inputs) {
      if (!(spec.name in instance)) throw new InputError(`instance is missing input "${spec.name}"`);
      sample[spec.name] = tensorFromNested(spec, this.sampleShape(spec), (instance as Record<string, unknown>)[spec.name]);
    }
    return sample;
  }

  /** The samples of a CSV body with a header row (a table's rows), and the rows as sent. */
  samplesFromCsv(body: Buffer | string): { samples: Sample[]; echo: EchoRows } {
    if (!this.table)
      throw new InputError(
        `model "${this.manifest.name}" takes ${this.manifest.input.kind === 'image' ? 'images' : 'tensors'}, not CSV rows`,
        {
          code: 'UNSUPPORTED_MEDIA',
        },
      );
    return samplesFromCsv(this.table, body, this.manifest.server.max_queue);
  }

  /** Decodes and encodes an image through the manifest's codec. */
  async encodeImage(bytes: Uint8Array): Promise<EncodedImage> {
    const codec = this.manifest.input;
    if (codec.kind !== 'image')
      throw new InputError(
        `model "${this.manifest.name}" takes ${codec.kind === 'table' ? 'rows of a table' : 'tensors'}, not images; send {"instances": [...]}`,
        {
          code: 'UNSUPPORTED_MEDIA',
        },
      );
    const { encodeImage } = await (imageCodec ??= import('../codec/image-codec.ts'));
    return encodeImage(bytes, codec, maxImagePixels(this.manifest.server, codec));
  }

  /** One sample from an image, reshaped to the model's input when only the layout differs (e.g. [784]). */
  async sampleFromImage(bytes: Uint8Array): Promise<Sample> {
    return this.sampleFromEncoded(await this.encodeImage(bytes));
  }

  /** One sample from an image the codec has already encoded. */
  sampleFromEncoded(encoded: EncodedImage): Sample {
    const codec = this.manifest.input;
    const spec = (codec.kind === 'image' && codec.tensor ? this.inputs.find((s) => s.name === codec.tensor) : undefined) ?? this.inputs[0]!;
    if (this.inputs.length > 1)
      throw new InputError(`model "${this.manifest.name}" has ${this.inputs.length} inputs; send {"instances": [...]}`);
    const wanted = this.sampleShape(spec);
    const size = encoded.data.length;
    const fixed = wanted.every((d) => d >= 0) && wanted.reduce((a, b) => a * b, 1) === size;
    const dims = fixed ? wanted : encoded.dims;
    return { [spec.name]: { dtype: spec.dtype, dims, data: imageTensorData(encoded.data, spec.dtype, spec.name) } };
  }

  /** Runs samples through the model: one call per group of equal shapes (one each when not batchable). */
  async runSamples(samples: Sample[]): Promise<Sample[]> {
    const results: Sample[] = new Array(samples.length);
    if (this.batchAxis.kind === 'none') {
      for (const [i, sample] of samples.entries()) results[i] = await this.call(sample);
      return results;
    }
    const groups = new Map<string, number[]>();
    samples.forEach((sample, i) => {
      const key = sampleKey(sample);
      const group = groups.get(key);
      if (group) group.push(i);
      else groups.set(key, [i]);
    });
    for (const indices of groups.values()) {
      const group = indices.map((i) => samples[i]!);
      const outputs = this.batchAxis.kind === 'fixed' ? await this.runFixed(group, this.batchAxis.size) : await this.runStacked(group);
      outputs.forEach((out, j) => (results[indices[j]!] = out));
    }
    return results;
  }

  private async runStacked(samples: Sample[]): Promise<Sample[]> {
    return splitOutputs(await this.call(stackSamples(samples)), samples.length);
  }

  /**
   * Runs samples in calls of exactly `size` rows. Requests are checked to hold `size` instances,
   * but the server's batcher may cut or merge them, so a short call is filled by repeating its last
   * row and the filler's outputs are dropped (rows of a batch do not affect each other).
   */
  private async runFixed(samples: Sample[], size: number): Promise<Sample[]> {
    const results: Sample[] = [];
    for (let start = 0; start < samples.length; start += size) {
      const rows = samples.slice(start, start + size);
      const filled = [...rows, ...new Array<Sample>(size - rows.length).fill(rows.at(-1)!)];
      results.push(...(await this.runStacked(filled)).slice(0, rows.length));
    }
    return results;
  }

  /**
   * One model call; a failure inside the runtime is reported as the input's fault, since inputs were
   * checked against the signature. An HttpError (the model's thread stopped: 503) goes as it is.
   */
  private async call(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
    try {
      return await this.model.run(feeds);
    } catch (error) {
      if (error instanceof HttpError) throw error;
      const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 300);
      throw new InputError(`the model could not run on this input: ${reason}`);
    }
  }

  /**
   * Refuses (422) a table row with a gap that the model answered with no score: a model with no step
   * that fills gaps turns NaN into NaN, and the answer would be a label without a score. `where`
   * names a row in the message ("instance 2", "CSV row 3").
   */
  refuseUnfilledGaps(samples: readonly Sample[], outputs: readonly Sample[], where = (row: number) => `instance ${row}`): void {
    if (!this.table) return;
    samples.forEach((sample, row) => {
      const gaps = this.table!.gapsIn(sample);
      if (gaps.length === 0 || answersANumber(toPrediction(this.manifest, outputs[row]!))) return;
      const at = samples.length > 1 ? `${where(row)}: ` : '';
      throw new InputError(
        `${at}the model gives no score for a row with a gap (${quoted(gaps)} empty): it has no step that fills gaps, so give every column a value`,
      );
    });
  }

  /** The answer for each sample's outputs. */
  toPredictions(outputs: Sample[]): Prediction[] {
    return outputs.map((o) => toPrediction(this.manifest, o));
  }

  /** Samples in, predictions out, in one model call. */
  async predict(samples: Sample[]): Promise<Prediction[]> {
    this.checkCount(samples.length);
    return this.toPredictions(await this.runSamples(samples));
  }

  /** Runs whole batched feeds directly (for KServe V2 requests that carry their own batch axis). */
  async runFeeds(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
    return this.call(feeds);
  }

  async close(): Promise<void> {
    await this.model.dispose();
  }
}
