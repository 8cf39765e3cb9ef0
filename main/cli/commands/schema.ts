/** `craneml schema`: prints the JSON Schema of craneml.json, for editors and other tools. */
import type { Command } from 'commander';
import { action } from '../run-action.ts';

export function registerSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of craneml.json')
    .action(
      action(async () => {
        const { manifestJsonSchema } = await import('../../manifest.ts');
        console.log(JSON.stringify(manifestJsonSchema(), null, 2));
      }),
    );
}
