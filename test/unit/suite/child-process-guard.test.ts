/** The unit tier's rule kept by a tool: a test here that starts a child process fails, naming the call. */
import childProcess, { exec, execFile, execFileSync, execSync, fork, spawn, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { takeRefused } from '../../helpers/child-process-guard.ts';

const node = process.execPath;
const REFUSED = /^The unit tier starts no child process \(move this file to the runtime tier, test\/helpers\/tiers\.ts\): /;

describe('the unit tier’s child-process guard', () => {
  it('refuses every way node starts a process, imported by name, through the module or loaded later', async () => {
    const late = await import('node:child_process');
    const starts = [
      () => spawn(node, ['--version']),
      () => spawnSync(node, ['--version']),
      () => exec('node --version'),
      () => execSync('node --version'),
      () => execFile(node, ['--version']),
      () => execFileSync(node, ['--version']),
      () => fork('--version'),
      () => childProcess.spawn(node, ['--version']),
      () => late.execFileSync(node, ['--version']),
    ];
    for (const start of starts) expect(start).toThrow(REFUSED);
    expect(takeRefused()).toHaveLength(starts.length);
  });

  it('names the refused call, and refuses execFile promisified as most callers write it', async () => {
    await expect(promisify(execFile)(node, ['--version'])).rejects.toThrow(REFUSED);
    expect(() => spawnSync('docker', ['ps', '--all'])).toThrow(/: spawnSync\(docker ps --all\)$/);
    expect(takeRefused()).toEqual([`execFile(${node} --version)`, 'spawnSync(docker ps --all)']);
  });

  // The test passes only if it fails, and its body cannot fail: the set-up's check does.
  it.fails('fails a test whose code caught the refusal and went on', () => {
    try {
      execFileSync(node, ['--version']);
    } catch {
      // Swallowed, as code with a fallback would.
    }
  });
});
