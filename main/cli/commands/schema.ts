/** `craneml schema`: prints the JSON Schema of craneml.json, for editors and other tools. */
import type { Command } from 'commander';
import { manifestJsonSchema } from '../../manifest.ts';
import { action } from '../run-action.ts';

export function registerSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of craneml.json')
    .action(
      action(async () => {
        console.log(JSON.stringify(manifestJsonSchema(), null, 2));
      }),
    );
}
