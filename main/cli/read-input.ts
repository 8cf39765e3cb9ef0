/** Reads CLI inputs: image files and JSON instances from a file or stdin. */
import { readFile } from 'node:fs/promises';
import { CraneError } from '../errors.ts';

export async function readInputFile(file: string): Promise<Buffer> {
  try {
    return file === '-' ? await readStdin() : await readFile(file);
  } catch (error) {
    if (error instanceof CraneError) throw error;
    throw new CraneError('USAGE', `${file}: cannot read this file`);
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Instances from `{"instances": [...]}` or a bare array of instances. */
export async function readInstances(file: string): Promise<unknown[]> {
  const text = (await readInputFile(file)).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CraneError('USAGE', `${file === '-' ? 'stdin' : file}: not valid JSON (${(error as Error).message})`);
  }
  if (Array.isArray(json)) return json;
  if (typeof json === 'object' && json !== null && Array.isArray((json as { instances?: unknown }).instances))
    return (json as { instances: unknown[] }).instances;
  throw new CraneError('USAGE', `${file === '-' ? 'stdin' : file}: expected {"instances": [...]} or a JSON array of instances`);
}
