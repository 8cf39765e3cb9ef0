/** The real `craneml` program in this process, with every command's action swapped for a recorder. */
import type { Command } from 'commander';
import { createProgram } from '../../main/cli/program.ts';

export interface Reached {
  command: string;
  options: Record<string, unknown>;
  programOptions: Record<string, unknown>;
}

export interface ParseResult {
  /** The command whose action ran, with the options it got; undefined when the parser stopped early. */
  reached?: Reached;
  /** commander's code when it stopped (commander.version, commander.helpDisplayed, commander.unknownOption, ...). */
  exitCode?: string;
  out: string;
  err: string;
}

/** Parses `argv` (without `node craneml`) like the CLI would, but records instead of acting and never exits. */
export async function parseWithRecorder(argv: string[]): Promise<ParseResult> {
  const program = createProgram();
  const result: ParseResult = { out: '', err: '' };
  const output = { writeOut: (s: string) => void (result.out += s), writeErr: (s: string) => void (result.err += s) };
  for (const command of [program, ...program.commands]) {
    command.exitOverride().configureOutput(output);
    if (command === program) continue;
    command.action((...args: unknown[]) => {
      const self = args.at(-1) as Command;
      result.reached = { command: self.name(), options: self.opts(), programOptions: program.opts() };
    });
  }
  try {
    await program.parseAsync(['node', 'craneml', ...argv]);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string') throw error;
    result.exitCode = code;
  }
  return result;
}

/** The commands the CLI has, as built for real. */
export function cliCommands(): readonly Command[] {
  return createProgram().commands;
}

/** What `craneml [command] --help` prints. */
export async function helpText(command?: string): Promise<string> {
  const result = await parseWithRecorder(command ? [command, '--help'] : ['--help']);
  if (result.exitCode !== 'commander.helpDisplayed') throw new Error(`--help of ${command ?? 'craneml'} ended with ${result.exitCode}`);
  return result.out;
}

export interface HelpOption {
  /** The option's column in the help, e.g. `-o, --output <dir>`. */
  term: string;
  flags: string[];
  /** `<dir>`, `[dir]` or `<files...>`; undefined for a switch. */
  placeholder?: string;
}

/** The options listed under "Options:" in a help text, read from the text alone. */
export function helpOptions(help: string): HelpOption[] {
  const section = help.split(/^Options:$/m)[1]?.split(/^\S/m)[0] ?? '';
  const options: HelpOption[] = [];
  for (const line of section.split('\n')) {
    const term = /^ {2}(-\S.*?)(?: {2,}|$)/.exec(line)?.[1];
    if (!term) continue;
    const [, names, placeholder] = /^(-[^ <[]+(?:, -[^ <[]+)?)(?: ([<[].*[>\]]))?$/.exec(term) ?? [];
    if (!names) throw new Error(`unreadable option in help: ${line}`);
    options.push({ term, flags: names.split(', '), placeholder });
  }
  return options;
}

/** The key commander stores an option under: `--base-image` → baseImage, `--no-color` → color. */
export function optionKey(option: HelpOption): string {
  const flag = option.flags.find((f) => f.startsWith('--')) ?? option.flags[0]!;
  return flag
    .replace(/^--?(no-)?/, '')
    .replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())
    .replace(/^V$/, 'version');
}
