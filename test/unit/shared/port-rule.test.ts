/** The one port rule every front end checks: the same answers for options, form fields, labels and the runtime's PORT. */
import { describe, expect, it } from 'vitest';
import { isPort, parsePort, portRange } from '../../../main/shared/port-rule.ts';
import { portOption } from '../../../main/cli/options.ts';
import { validateImageForm, validatePort } from '../../../renderer/src/wizard/validate.ts';
import { serverOptionsSchema } from '../../../main/shared/manifest-schema.ts';

describe('port rule', () => {
  it('takes whole numbers from 1 to 65535, and 0 only where any free port will do', () => {
    expect([1, 8080, 65535].map((port) => isPort(port))).toEqual([true, true, true]);
    expect([0, -1, 65536, 80.5, Number.NaN].map((port) => isPort(port))).toEqual([false, false, false, false, false]);
    expect(isPort(0, { anyFree: true })).toBe(true);
    expect(isPort(65536, { anyFree: true })).toBe(false);
  });

  it('reads a port from text, and nothing from text that is none', () => {
    expect(parsePort('8080')).toBe(8080);
    expect(parsePort('0', { anyFree: true })).toBe(0);
    expect(['', ' ', 'http', '70000', '0', '1.5', undefined].map((text) => parsePort(text))).toEqual(Array(7).fill(undefined));
  });

  it('refuses a command-line port with one message naming the flag', () => {
    expect(portOption('8080', '--port')).toBe(8080);
    expect(() => portOption('70000', '--port')).toThrow(expect.objectContaining({ code: 'USAGE' }));
    expect(() => portOption('70000', '--port')).toThrow('--port wants a whole number from 1 to 65535, got "70000"');
    expect(() => portOption('-1', '--port', { anyFree: true })).toThrow('--port wants a whole number from 0 to 65535, got "-1"');
    expect(portRange({ anyFree: true })).toBe('a whole number from 0 to 65535');
  });

  it('gives the app form and the manifest the same bounds as the CLI', () => {
    for (const [text, good] of [
      ['1', true],
      ['65535', true],
      ['0', false],
      ['65536', false],
    ] as const) {
      expect(validatePort(text) === undefined, text).toBe(good);
      expect(validateImageForm({ tag: 'digits:1.0.0', baseImage: '', port: text, cpus: '', memoryMb: '' }).port === undefined).toBe(good);
    }
    expect(validatePort('65536')).toBe('Port: enter a whole number from 1 to 65535.');
    const server = serverOptionsSchema;
    expect(server.safeParse({ port: 65535 }).success).toBe(true);
    expect(server.safeParse({ port: 65536 }).success).toBe(false);
  });
});
