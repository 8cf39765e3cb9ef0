/** `craneml export <model-or-project> -o <dir>`: Dockerfile, create.sh, run.sh, model and runtime in one folder; or compose.yaml and Kubernetes manifests. */
import type { Command } from 'commander';
import { hostPlatform } from '../../shared/platform.ts';
import { assertImageName, assertImageTag } from '../../shared/name-checks.ts';
import { CraneError } from '../../errors.ts';
import { action } from '../run-action.ts';
import { portOption, replicasOption } from '../options.ts';

interface ExportOptions {
  output?: string;
  preset?: string;
  baseImage?: string;
  platform: string;
  tag?: string;
  compose?: boolean;
  kubernetes?: boolean;
  replicas?: string;
  port?: string;
  cpus?: string;
  memory?: string;
  force?: boolean;
}

/** `--compose` / `--kubernetes`: the manifests for a project or an image, into `-o` (default: this folder). */
async function exportManifests(target: string, options: ExportOptions): Promise<void> {
  const dir = options.output ?? '.';
  const { deployTargetOf, writeDeployManifests } = await import('../../api/folder-exports.ts');
  const facts = await deployTargetOf(target, { tag: options.tag, preset: options.preset });
  const settings = {
    replicas: options.replicas === undefined ? undefined : replicasOption(options.replicas, '--replicas'),
    port: options.port === undefined ? undefined : portOption(options.port, '--port'),
    cpus: options.cpus,
    memory: options.memory,
  };
  const written = await writeDeployManifests(facts, dir, settings, {
    compose: options.compose,
    kubernetes: options.kubernetes,
    replace: options.force === true,
  });
  console.log(`wrote ${written.join(', ')} for ${facts.image}`);
  if (options.compose)
    console.log(`run it with: docker compose -f ${dir}/compose.yaml up -d --wait (or compose.host.yaml for host networking)`);
  if (options.kubernetes)
    console.log(
      `apply it with: kubectl apply -k ${dir}/kubernetes (or kubectl apply -f ${dir}/kubernetes/inferenceservice.yaml with KServe)`,
    );
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write a folder that builds and runs the model image without CraneML, or compose.yaml / Kubernetes manifests')
    .argument('<target>', 'project folder or model file (an image name too with --compose or --kubernetes)')
    .option('-o, --output <dir>', 'folder to write: new or empty (with --compose/--kubernetes the folder to write into, default ".")')
    .option('--force', 'replace an earlier export (a folder holding only what CraneML wrote there), or the compose files and kubernetes/')
    .option('--preset <name>', 'for a bare model file: describe it with a preset (digits)')
    .option('--base-image <image>', "base image with what the model's runtime needs (default: the runtime's public base)")
    .option('--platform <platform>', 'linux/amd64 or linux/arm64', hostPlatform())
    .option('-t, --tag <name:tag>', 'image name for create.sh and the manifests (default: <name>:<version>)')
    .option('--compose', 'write compose.yaml (bridge) and compose.host.yaml (host networking)')
    .option('--kubernetes', 'write kubernetes/: Deployment, Service, HPA, kustomization.yaml, KServe InferenceService')
    .option('--replicas <n>', 'with --compose/--kubernetes: replicas (default 1)')
    .option('-p, --port <port>', 'with --compose: the port on 127.0.0.1 (default 8080)')
    .option('--cpus <n>', 'with --compose/--kubernetes: CPU limit per replica (default 1)')
    .option('--memory <size>', 'with --compose/--kubernetes: memory limit per replica (default 512m)')
    .action(
      action(async (target: string, options: ExportOptions) => {
        if (options.tag !== undefined) assertImageTag(options.tag);
        if (options.baseImage !== undefined) assertImageName(options.baseImage);
        if (options.compose || options.kubernetes) return exportManifests(target, options);
        if (!options.output) throw new CraneError('USAGE', 'export wants -o <dir> (or --compose / --kubernetes)');
        const { openAnyProject } = await import('../../api/open-model.ts');
        const { exportBuildFolder } = await import('../../api/folder-exports.ts');
        const project = await openAnyProject(target, { preset: options.preset });
        await exportBuildFolder(project, options.output, {
          baseImage: options.baseImage,
          platform: options.platform,
          tag: options.tag,
          replace: options.force === true,
          onNotice: (message) => console.error(`note: ${message}`),
        });
        console.log(`wrote ${options.output}: Dockerfile, create.sh, run.sh, README.md, runtime/, model/`);
        console.log(`build and run it with: cd ${options.output} && ./create.sh && ./run.sh`);
      }),
    );
}
