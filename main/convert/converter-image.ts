/**
 * The converter image for a version set: `craneml/converter:<12 hex>`, named by a digest of what makes
 * it (base image, version set, Dockerfile, the converter's Python files), so it is built once per
 * version set and again when the recipe changes. Building needs PyPI: the build's RUN steps use the
 * host's network and its CA bundle, proxy and index settings.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { appFile } from '../packaging/app-resources.ts';
import { resolveBaseImage } from '../docker/base-image.ts';
import { buildImage } from '../docker/build-image.ts';
import { classifyDockerError, toCraneError } from '../docker/docker-errors.ts';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../docker/labels.ts';
import { CraneError, ImageBuildError } from '../errors.ts';
import { makeTempFolder } from '../files/temp-folders.ts';
import { copyHostCaBundle, pipHostEnv } from '../files/pip-host-settings.ts';
import { CRANEML_VERSION } from '../version.ts';
import type { ConvertProgress } from '../notebook/types.ts';
import { defaultPins, requirementsFileFor, requirementsText, versionSetFor, type NeedsOf, type VersionSet } from './version-set.ts';

/** The product's base: Debian's Python 3.11, from Docker Hub. */
export const DEFAULT_PYTHON_BASE = 'python:3.11-slim-bookworm';
/** Made by scripts/make-python-base.sh with no registry; used when the default cannot be pulled. */
export const LOCAL_PYTHON_BASE = 'craneml/local-base:python3.11';
export const CONVERTER_REPOSITORY = 'craneml/converter';
/** On a converter image: the digest its tag is made of, and its pins. */
export const CONVERTER_RECIPE_LABEL = 'io.craneml.converter.recipe';
export const CONVERTER_PINS_LABEL = 'io.craneml.converter.pins';

const TEMPLATE_DIR = appFile('templates/converter-python');
/** Python modules the converter shares with the Python runtime (the restricted unpickler), beside its own in /converter. */
const SHARED_DIR = appFile('templates/python-shared');

export interface ConverterImageOptions {
  /** What the file needs (its library, a pickle's globals): CatBoost's files get their own image (version-set.ts); none: the default. */
  needs?: NeedsOf;
  /** The versions the model file records (SourceFacts.versions); none: the default version set. */
  versions?: Record<string, string>;
  /** A base of the user's choosing (no fallback), instead of DEFAULT_PYTHON_BASE or LOCAL_PYTHON_BASE. */
  baseImage?: string;
  onProgress?: (event: ConvertProgress) => void;
  signal?: AbortSignal;
  /** Environment whose proxy and pip index settings the build receives (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface ConverterImage {
  /** craneml/converter:<12 hex>. */
  tag: string;
  imageId: string;
  /** The base it was (or would be) built FROM. */
  baseImage: string;
  versionSet: VersionSet;
  /** False when the image was already there. */
  built: boolean;
  seconds: number;
}

interface Recipe {
  dockerfile: string;
  /** The converter's Python files, by name. */
  python: Map<string, Buffer>;
  requirements: string;
  /** The pins installed after, without their dependencies (empty for most sets). */
  noDeps: string;
}

async function pythonFiles(dir: string): Promise<(readonly [string, Buffer])[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.py')).sort();
  return Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name))] as const));
}

async function readRecipe(set: VersionSet): Promise<Recipe> {
  const python = new Map([...(await pythonFiles(SHARED_DIR)), ...(await pythonFiles(TEMPLATE_DIR))]);
  const dockerfile = await readFile(path.join(TEMPLATE_DIR, 'Dockerfile'), 'utf8');
  return { dockerfile, python, requirements: requirementsText(set), noDeps: requirementsText(set, 'no-deps') };
}

/** The 12 hex of the tag: sha256 over the base's ID, the version set, the Dockerfile and each Python file. */
function recipeDigest(baseImageId: string, recipe: Recipe): string {
  const hash = createHash('sha256').update(JSON.stringify([baseImageId, recipe.requirements, recipe.noDeps, recipe.dockerfile]));
  for (const [name, content] of recipe.python) hash.update(`\0${name}\0`).update(content);
  return hash.digest('hex');
}

async function imageIdOf(docker: Docker, tag: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(tag).inspect()).Id;
  } catch (error) {
    if (classifyDockerError(error) === 'not-found') return undefined;
    throw toCraneError(error, `inspecting image ${tag}`);
  }
}

async function writeContext(dir: string, recipe: Recipe): Promise<void> {
  await writeFile(path.join(dir, 'Dockerfile'), recipe.dockerfile);
  await writeFile(path.join(dir, 'requirements.txt'), recipe.requirements);
  await writeFile(path.join(dir, 'requirements-nodeps.txt'), recipe.noDeps);
  await copyHostCaBundle(dir);
  await mkdir(path.join(dir, 'converter'));
  for (const [name, content] of recipe.python) await writeFile(path.join(dir, 'converter', name), content);
}

/** The classic builder colours a RUN step's stderr (ESC[91m … ESC[0m). */
function withoutColour(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/** pip's own line for a requirement it could not satisfy, and the package it names. */
const PIP_ERROR =
  /^ERROR: (?:No matching distribution found for|Could not find a version that satisfies the requirement) ([A-Za-z0-9._-]+)/;

/** One clear error for a failed build: which of the file's versions cannot install, in pip's words. */
function buildFailure(error: ImageBuildError, log: string[], set: VersionSet): CraneError {
  const lines = log.flatMap((text) => text.split('\n')).map((line) => line.trim());
  const pipLine =
    lines.find((line) => line.startsWith('ERROR: No matching distribution found')) ??
    lines.find((line) => PIP_ERROR.test(line)) ??
    lines.find((line) => line.startsWith('ERROR: '));
  if (!pipLine) return new CraneError('CONVERSION_FAILED', `the converter image could not be built: ${error.message}`, { cause: error });
  const name = PIP_ERROR.exec(pipLine)?.[1]?.toLowerCase();
  const fromFile = Object.entries(set.fromFile).find(([pkg]) => pkg === name || (pkg === 'xgboost' && name?.startsWith('xgboost')));
  const what = fromFile
    ? `this file was saved with ${fromFile[0]} ${fromFile[1]}, which the converter image (Python 3.11) cannot install`
    : Object.keys(set.fromFile).length > 0
      ? `the converter image (Python 3.11) cannot install the versions this file was saved with (${Object.entries(set.fromFile)
          .map(([pkg, version]) => `${pkg} ${version}`)
          .join(', ')})`
      : 'the converter image (Python 3.11) could not install its packages';
  return new CraneError('CONVERSION_FAILED', `${what}: ${pipLine.replace(/^ERROR: /, '')}`, { cause: error });
}

/**
 * The converter image for `options.versions`, built when the daemon does not have it yet.
 * @example
 * const image = await ensureConverterImage(docker, { versions: { 'scikit-learn': '1.3.2' }, onProgress: console.log });
 * // { tag: 'craneml/converter:3f9c0a1b2c4d', built: true, ... }
 */
export async function ensureConverterImage(docker: Docker, options: ConverterImageOptions = {}): Promise<ConverterImage> {
  const started = performance.now();
  const emit = options.onProgress ?? (() => {});
  const set = versionSetFor(await defaultPins(requirementsFileFor(options.needs)), options.versions ?? {});
  const recipe = await readRecipe(set);
  const base = await resolveBaseImage(docker, options.baseImage ?? DEFAULT_PYTHON_BASE, {
    fallback: options.baseImage ? undefined : LOCAL_PYTHON_BASE,
    fallbackRecipe: 'bash scripts/make-python-base.sh',
  });
  const baseId = (await imageIdOf(docker, base.image)) ?? base.image;
  const digest = recipeDigest(baseId, recipe);
  const tag = `${CONVERTER_REPOSITORY}:${digest.slice(0, 12)}`;
  const result = (imageId: string, built: boolean): ConverterImage => ({
    tag,
    imageId,
    baseImage: base.image,
    versionSet: set,
    built,
    seconds: (performance.now() - started) / 1000,
  });

  const existing = await imageIdOf(docker, tag);
  if (existing) return result(existing, false);

  if (base.fellBackBecause) emit({ step: 'image', message: `${base.fellBackBecause}; building from the local base ${base.image}` });
  emit({
    step: 'image',
    message: `building the converter image ${tag} (${Object.keys(set.fromFile).length ? 'the file’s versions' : 'default versions'}; needs PyPI)`,
  });
  const dir = await makeTempFolder('converter-image');
  const log: string[] = [];
  try {
    await writeContext(dir, recipe);
    options.signal?.throwIfAborted();
    const pins = (requirementsText(set) + requirementsText(set, 'no-deps')).trim().split('\n').join(' ');
    const built = await buildImage(
      docker,
      dir,
      {
        tag,
        labels: {
          [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
          'io.craneml.version': CRANEML_VERSION,
          'org.opencontainers.image.title': 'craneml-converter',
          [CONVERTER_RECIPE_LABEL]: digest,
          [CONVERTER_PINS_LABEL]: pins,
        },
        buildargs: { BASE: base.image, ...pipHostEnv(options.env ?? process.env) },
        networkmode: 'host',
        signal: options.signal,
      },
      (event) => {
        if (event.type === 'log') {
          const text = withoutColour(event.text);
          log.push(text);
          emit({ step: 'image', message: text });
        } else if (event.type === 'step') emit({ step: 'image', message: `step ${event.index}/${event.total}: ${event.instruction}` });
      },
    );
    return result(built.imageId, true);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (error instanceof ImageBuildError) throw buildFailure(error, log, set);
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
