/** The `craneml` command line: one program, each command registered from its own module. */
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
import { EXIT_USER_ERROR } from './run-action.ts';
import { CRANEML_VERSION } from '../version.ts';

const program = new Command();
program
  .name('craneml')
  .description('Package a trained model into a Docker image with an HTTP API.')
  .version(CRANEML_VERSION)
  .option('--debug', 'print stack traces for errors')
  .showHelpAfterError('(run craneml --help for usage)')
  .exitOverride((error) => {
    process.exit(
      error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : EXIT_USER_ERROR,
    );
  });

registerInspectCommand(program);
registerInitCommand(program);
registerPredictCommand(program);
registerDemoCommand(program);
registerSchemaCommand(program);
registerServeCommand(program);
registerUiCommand(program);
registerBuildCommand(program);
registerRunCommand(program);
registerLsCommand(program);
registerLogsCommand(program);
registerStopCommand(program);
registerRmCommand(program);
registerSaveCommand(program);
registerPushCommand(program);
registerExportCommand(program);

await program.parseAsync(process.argv);
