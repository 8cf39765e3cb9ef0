/**
 * Walks every command's `--help`: each option it lists is accepted by the parser and reaches the
 * command's action with the value given; none is taken by a program-wide option or ends the run early.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CRANEML_VERSION } from '../../main/version.ts';
import { cliCommands, helpOptions, helpText, optionKey, parseWithRecorder, type HelpOption } from '../helpers/cli-program.ts';

const HELP_FLAGS = ['-h', '--help'];
const commands = cliCommands();
const covered = { options: 0, flags: 0 };

/** Positional arguments and mandatory options a command needs before any other option can be tried. */
function baseArgv(name: string, except: HelpOption): string[] {
  const command = commands.find((c) => c.name() === name)!;
  const args = command.registeredArguments.filter((a) => a.required).map((a) => `${a.name()}-value`);
  const mandatory = command.options.filter((o) => o.mandatory && !except.flags.includes(o.long ?? ''));
  return [name, ...args, ...mandatory.flatMap((o) => [o.long!, `${o.attributeName()}-value`])];
}

/** The value to pass for `option` and what the action should see: a switch is on, a value arrives as given. */
function sample(option: HelpOption): { argv: string[]; expected: unknown } {
  if (!option.placeholder) return { argv: [], expected: !option.flags.some((f) => f.startsWith('--no-')) };
  const value = `${optionKey(option)}-sample`;
  return { argv: [value], expected: value };
}

describe('every option in `craneml <command> --help`', () => {
  afterAll(() => {
    console.log(
      `option walk: ${covered.options} options (${covered.flags} flag spellings) over ${commands.length} commands and the program`,
    );
    expect(covered.options).toBeGreaterThanOrEqual(70);
  });

  it.each(commands.map((c) => c.name()))('%s: the help lists exactly the options the parser knows', async (name) => {
    const command = commands.find((c) => c.name() === name)!;
    const listed = helpOptions(await helpText(name)).map((o) => o.term);
    expect(listed.sort()).toEqual([...command.options.map((o) => o.flags), '-h, --help'].sort());
  });

  it.each(commands.map((c) => c.name()))('%s: each listed option reaches the command with its value', async (name) => {
    for (const option of helpOptions(await helpText(name))) {
      covered.options++;
      for (const flag of option.flags) {
        covered.flags++;
        const where = `craneml ${name} ${flag}`;
        if (HELP_FLAGS.includes(flag)) {
          const result = await parseWithRecorder([name, flag]);
          expect(result.exitCode, where).toBe('commander.helpDisplayed');
          expect(result.out, where).toMatch(new RegExp(`^Usage: craneml ${name} `));
          continue;
        }
        const { argv, expected } = sample(option);
        const result = await parseWithRecorder([...baseArgv(name, option), flag, ...argv]);
        expect({ exitCode: result.exitCode, err: result.err }, where).toEqual({ exitCode: undefined, err: '' });
        expect(result.reached?.command, where).toBe(name);
        const value = result.reached!.options[optionKey(option)];
        // A repeatable or variadic option collects what it is given into a list.
        expect(Array.isArray(value) && !Array.isArray(expected) ? value : [value], where).toEqual([expected]);
        expect(result.reached!.programOptions, `${where} is not taken by the program`).toEqual({});
      }
    }
  });

  it('program: -V and --version print the CLI version, --debug before a command reaches the program, -h shows usage', async () => {
    const options = helpOptions(await helpText());
    expect(options.map((o) => o.term).sort()).toEqual(['--debug', '-V, --version', '-h, --help']);
    for (const flag of ['-V', '--version']) {
      const result = await parseWithRecorder([flag]);
      expect({ exitCode: result.exitCode, out: result.out }, flag).toEqual({ exitCode: 'commander.version', out: `${CRANEML_VERSION}\n` });
    }
    const debug = await parseWithRecorder(['--debug', 'ls']);
    expect(debug.reached).toMatchObject({ command: 'ls', programOptions: { debug: true } });
    for (const flag of HELP_FLAGS) expect((await parseWithRecorder([flag])).out, flag).toMatch(/^Usage: craneml \[options\] \[command\]/);
    covered.options += options.length;
    covered.flags += options.flatMap((o) => o.flags).length;
  });

  it('init and build take --version as the model version, not the CLI version', async () => {
    const init = await parseWithRecorder(['init', 'model.onnx', '--preset', 'digits', '--version', '2.0.0', '-o', 'proj']);
    expect(init.reached).toEqual({
      command: 'init',
      // fallback: --no-fallback's default (a notebook model no converter takes falls back to the Python runtime).
      options: { preset: 'digits', version: '2.0.0', output: 'proj', fallback: true },
      programOptions: {},
    });
    const build = await parseWithRecorder(['build', 'proj', '--version', '2.0.0']);
    expect(build.reached?.options).toMatchObject({ version: '2.0.0' });
  });
});
