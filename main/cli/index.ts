/** The `craneml` command line: builds the program and runs it on this process's arguments. */
import { createProgram } from './program.ts';

// A reader that stops early (`craneml run ... | head -1`) closes the pipe; that ends the command
// quietly, as for any Unix tool, instead of an unhandled EPIPE error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

await createProgram().parseAsync(process.argv);
