/**
 * README's CLI table agrees with `craneml <command> --help`. The rule: every command has a usage in
 * the table's first column (`craneml <command> ...`, or `<command> ...` after a comma); each option a
 * usage names is in that command's help; each option a command's help lists is named in its usage,
 * or in the `craneml --version` row (its second column too), which names the program's options and those every command takes.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { cliCommands, helpOptions, helpText, type HelpOption } from '../helpers/cli-program.ts';

const PROGRAM = 'craneml';
const commands = cliCommands().map((c) => c.name());

/** Options named per command in the README's CLI table; PROGRAM holds the `craneml --version` row's. */
async function readmeUsages(): Promise<Map<string, Set<string>>> {
  const readme = await readFile('README.md', 'utf8');
  const section = readme.split(/^## The CLI$/m)[1]!.split(/^## /m)[0]!;
  const usages = new Map<string, Set<string>>();
  for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
    const [, usageCell = '', whatCell = ''] = row.split(/(?<!\\)\|/);
    const spans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\\\|/g, '|'));
    let command = PROGRAM;
    for (const span of spans(usageCell)) {
      const words = span.replace(/^craneml\s+/, '');
      // `craneml --x` is the program; a bare `--x` (as in "or `--json -`") adds to the usage before it.
      if (words !== span && words.startsWith('-')) command = PROGRAM;
      else if (!words.startsWith('-')) command = words.split(/\s/)[0]!;
      const named = [words, ...(command === PROGRAM ? spans(whatCell) : [])].flatMap((s) => s.match(/(?<![\w-])--?[A-Za-z][\w-]*/g) ?? []);
      usages.set(command, new Set([...(usages.get(command) ?? []), ...named]));
    }
  }
  return usages;
}

const isVersion = (flag: string) => flag === '-V' || flag === '--version';
const named = (option: HelpOption, names: Set<string> | undefined) => option.flags.some((f) => names?.has(f));

describe("README's CLI table", () => {
  it('has a usage for every command, and names no command the CLI lacks', async () => {
    const usages = await readmeUsages();
    expect([...usages.keys()].sort()).toEqual([...commands, PROGRAM].sort());
  });

  it.each(commands)('%s: the options its usage names are all in its --help', async (command) => {
    const flags = helpOptions(await helpText(command)).flatMap((o) => o.flags);
    const usage = (await readmeUsages()).get(command)!;
    expect(
      [...usage].filter((flag) => !flags.includes(flag)),
      `named in README but not in ${command} --help`,
    ).toEqual([]);
  });

  it.each(commands)('%s: every option its --help lists is named in the table', async (command) => {
    const usages = await readmeUsages();
    const missing = helpOptions(await helpText(command)).filter((o) => !named(o, usages.get(command)) && !named(o, usages.get(PROGRAM)));
    expect(
      missing.map((o) => o.term),
      `in ${command} --help but not in README`,
    ).toEqual([]);
  });

  it('names the program options, and the options it says every command takes are in every help', async () => {
    const programRow = (await readmeUsages()).get(PROGRAM)!;
    const programOptions = helpOptions(await helpText());
    expect(programOptions.filter((o) => !named(o, programRow)).map((o) => o.term)).toEqual([]);
    for (const flag of programRow) {
      expect(
        programOptions.flatMap((o) => o.flags),
        flag,
      ).toContain(flag);
      if (isVersion(flag)) continue;
      for (const command of commands)
        expect(
          helpOptions(await helpText(command)).flatMap((o) => o.flags),
          `${command}: ${flag}`,
        ).toContain(flag);
    }
  });

  it('reads the same help the installed CLI prints', async () => {
    const printed = await runCli(['build', '--help']);
    expect(printed.code).toBe(0);
    expect(helpOptions(printed.stdout)).toEqual(helpOptions(await helpText('build')));
  });
});
