/** What a TCP port is, said once: zod-free, so the forms, the CLI options, the API schemas and the runtimes share it. */

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** The port on 127.0.0.1 a model is served on when none is given: `craneml run`, the app's Run, deployments and compose files. */
export const DEFAULT_HOST_PORT = 8080;

/** Where a server listens, 0 may stand for "any free port" (the OS picks one). */
export interface PortChoice {
  anyFree?: boolean;
}

/**
 * The rule in words, for messages.
 * @example portRange() // 'a whole number from 1 to 65535'
 */
export function portRange(choice: PortChoice = {}): string {
  return `a whole number from ${choice.anyFree ? 0 : MIN_PORT} to ${MAX_PORT}`;
}

/** @example isPort(8080) // true; isPort(0) // false; isPort(0, { anyFree: true }) // true */
export function isPort(port: number, choice: PortChoice = {}): boolean {
  return Number.isInteger(port) && port >= (choice.anyFree ? 0 : MIN_PORT) && port <= MAX_PORT;
}

/**
 * A port from text (an option, a form field, an environment variable or a label), or undefined when it is none.
 * @example parsePort('8080') // 8080; parsePort('80.5') // undefined; parsePort('') // undefined
 */
export function parsePort(text: string | undefined, choice: PortChoice = {}): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const port = Number(text);
  return isPort(port, choice) ? port : undefined;
}
