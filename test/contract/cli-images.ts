/**
 * Contract fixtures served as a user serves a model file: `craneml init` (which picks the runtime),
 * `craneml build` and `craneml run`, each the real CLI and the real daemon, under names unique to
 * the run; everything made is removed by `cleanup`.
 */
import type Docker from 'dockerode';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../main/docker/host-port.ts';
import type { RuntimeId } from '../../main/shared/python-runtime-schema.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';
import type { ContractFixture, ContractServer } from './context.ts';

/** A first build installs the model's pinned packages with pip: minutes on a busy two-core machine. */
export const BUILD_MS = 20 * 60_000;
const MODEL_FILE = /\.(pkl|pickle|joblib|skops)$/;

export class CliImages {
  private tmp = '';
  private readonly images = new Map<string, Promise<string>>();
  private readonly built: string[] = [];
  private readonly containers: string[] = [];

  constructor(
    private readonly docker: Docker,
    private readonly suite: string,
    /** The runtime init must choose for every fixture (a model that converts would test the other one). */
    private readonly runtime: RuntimeId,
  ) {}

  /** This run's temp folder (projects, conversion cache), made on first use. */
  private async folder(): Promise<string> {
    this.tmp ||= await mkdtemp(path.join(os.tmpdir(), `craneml-${this.suite}-`));
    return this.tmp;
  }

  private async cli(args: string[], timeoutMs = BUILD_MS): Promise<CliResult> {
    const cache = path.join(await this.folder(), 'cache');
    const result = await runCli(args, { timeoutMs, env: { CRANEML_CACHE_DIR: cache } });
    if (result.code !== 0) throw new Error(`craneml ${args[0]} exited ${result.code}:\n${result.stderr}\n${result.stdout}`);
    return result;
  }

  /** The fixture's image: its one model file through init and build, once per fixture. */
  image(fixture: ContractFixture): Promise<string> {
    let image = this.images.get(fixture.name);
    if (!image) {
      image = this.build(fixture);
      this.images.set(fixture.name, image);
    }
    return image;
  }

  private async build(fixture: ContractFixture): Promise<string> {
    const files = (await readdir(fixture.project)).filter((name) => MODEL_FILE.test(name));
    if (files.length !== 1) throw new Error(`${fixture.project}: expected one model file, found ${files.join(', ') || 'none'}`);
    const project = path.join(await this.folder(), fixture.name);
    await this.cli(['init', path.join(fixture.project, files[0]!), '-o', project, '--name', fixture.expectations.model.name]);
    const { runtime } = JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8')) as { runtime?: string };
    if (runtime !== this.runtime)
      throw new Error(`craneml init chose the ${runtime ?? 'default'} runtime for ${fixture.name}, not ${this.runtime}`);
    const image = `craneml-test/${this.suite}-${fixture.name}:${process.pid}`;
    this.built.push(image);
    await this.cli(['build', project, '-t', image]);
    return image;
  }

  /** A container of the fixture's image, ready, on a free port of 127.0.0.1, with `env` set. */
  async serve(fixture: ContractFixture, env: Record<string, string>): Promise<ContractServer> {
    const image = await this.image(fixture);
    const container = `craneml-test-${this.suite}-${fixture.name}-${this.containers.length}-${process.pid}`;
    this.containers.push(container);
    const port = await freePort();
    const pairs = Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    await this.cli(['run', image, '--port', String(port), '--name', container, '--timeout', '180', ...pairs], 300_000);
    return {
      url: `http://127.0.0.1:${port}`,
      stop: () => removeContainer(this.docker, container),
    };
  }

  /** Removes every container and image this run made, and its temp folder. */
  async cleanup(): Promise<void> {
    for (const container of this.containers) await removeContainer(this.docker, container);
    for (const image of this.built) {
      await this.docker
        .getImage(image)
        .remove({ force: true })
        .catch(() => undefined);
    }
    if (this.tmp) await rm(this.tmp, { recursive: true, force: true });
  }
}

function removeContainer(docker: Docker, name: string): Promise<void> {
  return docker
    .getContainer(name)
    .remove({ force: true })
    .then(
      () => undefined,
      () => undefined,
    );
}
