/** Builds the `craneml` program: every command registered, `--version` for the CLI only, `--debug` everywhere. */
import { Command } from 'commander';
import { registerBuildCommand } from './commands/build.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerLsCommand } from './commands/ls.ts';
import { registerLogsCommand } from './commands/logs.ts';
import { registerStopCommand } from './commands/stop.ts';
import { registerRmCommand } from './commands/rm.ts';
import { registerSaveCommand } from './commands/save.ts';
import { registerPushCommand } from './commands/push.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerExportCommand } from './commands/export.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerInspectCommand } from './commands/inspect.ts';
import { registerPredictCommand } from './commands/predict.ts';
import { registerSchemaCommand } from './commands/schema.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerUiCommand } from './commands/ui.ts';
import { registerDeployCommand } from './commands/deploy.ts';
import { registerRollbackCommand } from './commands/rollback.ts';
import { registerScaleCommand } from './commands/scale.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerUndeployCommand } from './commands/undeploy.ts';
import { EXIT_USER_ERROR } from './run-action.ts';
import { CRANEML_VERSION } from '../version.ts';

const DEBUG_HELP = 'print stack traces for errors';

/**
 * Program options are read only before the command name (positional options), so a command's own
 * option, such as `init --version 2.0.0`, is never taken by the program's `-V, --version`.
 * `--debug` is also declared on every command, so it works on either side of the command name.
 * @example
 * await createProgram().parseAsync(process.argv);
 */
export function createProgram(): Command {
  const program = new Command();
  program
    .name('craneml')
    .description('Package a trained model into a Docker image with an HTTP API.')
    .version(CRANEML_VERSION, '-V, --version', 'print the CraneML version')
    .option('--debug', DEBUG_HELP)
    .enablePositionalOptions()
    .showHelpAfterError('(run craneml --help for usage)')
    .exitOverride((error) => {
      process.exit(
        error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : EXIT_USER_ERROR,
      );
    });

  for (const register of [
    registerInspectCommand,
    registerInitCommand,
    registerPredictCommand,
    registerDemoCommand,
    registerSchemaCommand,
    registerServeCommand,
    registerUiCommand,
    registerBuildCommand,
    registerRunCommand,
    registerLsCommand,
    registerLogsCommand,
    registerStopCommand,
    registerRmCommand,
    registerSaveCommand,
    registerPushCommand,
    registerExportCommand,
    registerDeployCommand,
    registerStatusCommand,
    registerScaleCommand,
    registerRollbackCommand,
    registerUndeployCommand,
  ])
    register(program);
  for (const command of program.commands) command.option('--debug', DEBUG_HELP);
  return program;
}
