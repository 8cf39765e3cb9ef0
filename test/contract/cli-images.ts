/**
 * Contract fixtures served as a user serves a model file: `craneml init` (which picks the runtime),
 * `craneml build` and `craneml run`, each the real CLI and the real daemon, through the Python
 * end-to-end tests' PythonE2e (names unique to the run); everything made is removed by `cleanup`.
 */
import type Docker from 'dockerode';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RuntimeId } from '../../main/shared/python-runtime-schema.ts';
import { PythonE2e } from '../docker/python-runtime-e2e.ts';
import type { CliResult } from '../helpers/cli.ts';
import type { ContractFixture, ContractServer } from './context.ts';

export { BUILD_MS } from '../docker/python-runtime-e2e.ts';
const MODEL_FILE = /\.(pkl|pickle|joblib|skops)$/;

export class CliImages {
  private readonly e2e: PythonE2e;
  private started: Promise<void> | undefined;
  private readonly projects = new Map<string, Promise<string>>();
  private readonly images = new Map<string, Promise<string>>();
  private served = 0;

  constructor(
    private readonly docker: Docker,
    suite: string,
    /** The runtime init must choose for every fixture (a model that converts would test the other one). */
    private readonly runtime: RuntimeId,
  ) {
    this.e2e = new PythonE2e(docker, suite);
  }

  /** This run's temp folder (projects), made on first use. */
  private ready(): Promise<void> {
    this.started ??= this.e2e.start();
    return this.started;
  }

  private async cli(args: string[]): Promise<CliResult> {
    await this.ready();
    const result = await this.e2e.cli(args);
    if (result.code !== 0) throw new Error(`craneml ${args[0]} exited ${result.code}:\n${result.stderr}\n${result.stdout}`);
    return result;
  }

  /** The fixture's image: its one model file through init and build, once per fixture. */
  image(fixture: ContractFixture): Promise<string> {
    return once(this.images, fixture.name, () => this.build(fixture));
  }

  /** The fixture's project: its one model file through `craneml init`, once per fixture (the image and any other server share it). */
  project(fixture: ContractFixture): Promise<string> {
    return once(this.projects, fixture.name, () => this.init(fixture));
  }

  private async init(fixture: ContractFixture): Promise<string> {
    const files = (await readdir(fixture.project)).filter((name) => MODEL_FILE.test(name));
    if (files.length !== 1) throw new Error(`${fixture.project}: expected one model file, found ${files.join(', ') || 'none'}`);
    await this.ready();
    const project = this.e2e.path(fixture.name);
    await this.cli(['init', path.join(fixture.project, files[0]!), '-o', project, '--name', fixture.expectations.model.name]);
    const { runtime } = JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8')) as { runtime?: string };
    if (runtime !== this.runtime)
      throw new Error(`craneml init chose the ${runtime ?? 'default'} runtime for ${fixture.name}, not ${this.runtime}`);
    return project;
  }

  private async build(fixture: ContractFixture): Promise<string> {
    const project = await this.project(fixture);
    const { image } = this.e2e.names(fixture.name);
    await this.cli(['build', project, '-t', image]);
    return image;
  }

  /** A container of the fixture's image, ready, on a free port of 127.0.0.1, with `env` set. */
  async serve(fixture: ContractFixture, env: Record<string, string>): Promise<ContractServer> {
    const image = await this.image(fixture);
    const served = await this.e2e.run(
      image,
      `${fixture.name}-${this.served++}`,
      Object.entries(env).map(([key, value]) => `${key}=${value}`),
    );
    if (served.run.code !== 0) throw new Error(`craneml run exited ${served.run.code}:\n${served.run.stderr}\n${served.run.stdout}`);
    return {
      url: served.url,
      stop: () => removeContainer(this.docker, served.container),
    };
  }

  /** Removes every container and image this run made, and its temp folder. */
  cleanup(): Promise<void> {
    return this.e2e.stop();
  }
}

/** What `make` promises for `key`, made on the first call only. */
function once<T>(made: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = made.get(key);
  if (!value) {
    value = make();
    made.set(key, value);
  }
  return value;
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
