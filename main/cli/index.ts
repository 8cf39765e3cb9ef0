/** The `craneml` command line: builds the program and runs it on this process's arguments. */
import { createProgram } from './program.ts';

await createProgram().parseAsync(process.argv);
