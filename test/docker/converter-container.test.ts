/**
 * The throwaway converter container, against the real daemon and the default converter image: no
 * network, uid 1000 with no capabilities, a read-only /in, killed at its time limit, removed in every
 * case (done, failed, timed out, aborted), and one a crashed run left is swept.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepTempContainers, TEMP_CONTAINER_LABEL, TEMP_RUN_LABEL } from '../../main/docker/leftovers.ts';
import { ensureConverterImage, type ConverterImage } from '../../main/convert/converter-image.ts';
import { runInContainer, type ContainerJob } from '../../main/convert/run-converter.ts';
import { ownContainerLabels } from '../../main/docker/ownership.ts';
import { cleanupByLabel, countByLabel, requireDocker, TEST_LABEL, testLabels } from './require-docker.ts';

const docker = await requireDocker();
const labels = testLabels('converter-container');
/** The first use may build the converter image (pip, minutes); setup.sh makes it beforehand. */
const IMAGE_MS = 20 * 60_000;

let image: ConverterImage;
let listener: Server;
let listenerPort: number;
let connections = 0;

beforeAll(async () => {
  if (!docker) return;
  image = await ensureConverterImage(docker);
  listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '0.0.0.0', resolve));
  listenerPort = (listener.address() as { port: number }).port;
}, IMAGE_MS);

afterAll(async () => {
  listener?.close();
  if (docker) await cleanupByLabel(docker, labels);
});

/** A job running `script` in the converter image, and the stdout lines it printed. */
function python(script: string, extra: Partial<ContainerJob> = {}): { job: ContainerJob; lines: string[] } {
  const lines: string[] = [];
  const job: ContainerJob = {
    image: image.imageId,
    files: [{ name: 'model.joblib', source: { bytes: Buffer.from('not a model') } }],
    cmd: ['python', '-c', script],
    labels,
    timeoutS: 120,
    onStdoutLine: (line) => lines.push(line),
    ...extra,
  };
  return { job, lines };
}

async function ownContainers(): Promise<number> {
  return (await countByLabel(docker!, labels)).containers;
}

/** Addresses of this machine other than loopback: reachable from any container that has a network. */
function hostAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

describe.skipIf(!docker)('converter container', () => {
  it('has no network: only a loopback interface, no DNS, no way to the host', async () => {
    const targets = ['127.0.0.1', ...hostAddresses()];
    const script = [
      'import json, os, socket',
      'result = {"interfaces": sorted(os.listdir("/sys/class/net")), "connect": {}}',
      'try:',
      '    socket.getaddrinfo("pypi.org", 443)',
      '    result["dns"] = "resolved"',
      'except OSError as error:',
      '    result["dns"] = type(error).__name__',
      `for host in ${JSON.stringify(targets)}:`,
      '    try:',
      `        socket.create_connection((host, ${listenerPort}), timeout=5).close()`,
      '        result["connect"][host] = "connected"',
      '    except OSError as error:',
      '        result["connect"][host] = type(error).__name__',
      'print(json.dumps(result))',
    ].join('\n');
    const { job, lines } = python(script);
    const run = await runInContainer(docker!, job);
    expect(run.exitCode, run.stderrTail.join('\n')).toBe(0);
    const result = JSON.parse(lines.at(-1)!) as { interfaces: string[]; dns: string; connect: Record<string, string> };
    expect(result.interfaces).toEqual(['lo']);
    expect(result.dns).not.toBe('resolved');
    for (const host of targets) expect(result.connect[host]).not.toBe('connected');
    expect(connections).toBe(0);
  });

  it('is created with no network, no capabilities, no privilege gain, and memory and process limits', async () => {
    const controller = new AbortController();
    let hostConfig: Record<string, unknown> | undefined;
    const { job } = python('import time\nprint("up", flush=True)\ntime.sleep(600)', {
      memory: '768m',
      signal: controller.signal,
      onStdoutLine: (line) => {
        if (line !== 'up') return;
        void (async () => {
          try {
            // `all`: the daemon may not have marked the container running yet when its first line arrives.
            const [row] = await docker!.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${labels[TEST_LABEL]}`] } });
            if (row) hostConfig = (await docker!.getContainer(row.Id).inspect()).HostConfig as unknown as Record<string, unknown>;
          } finally {
            // Always: a container left sleeping would hold the test to its timeout and stay behind.
            controller.abort(new Error('inspected'));
          }
        })();
      },
    });
    await expect(runInContainer(docker!, job)).rejects.toThrow('inspected');
    expect(hostConfig).toMatchObject({
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Memory: 768 * 1024 ** 2,
      MemorySwap: 768 * 1024 ** 2,
      PidsLimit: 256,
    });
  });

  it('runs as uid 1000 with no capabilities, and cannot write, replace or add to /in', async () => {
    const script = [
      'import json, os',
      'def attempt(action):',
      '    try:',
      '        action()',
      '        return "done"',
      '    except OSError as error:',
      '        return type(error).__name__',
      'status = dict(line.split(":\\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\\t" in line)',
      'stat_in, stat_model = os.stat("/in"), os.stat("/in/model.joblib")',
      'print(json.dumps({',
      '    "uid": os.getuid(), "gid": os.getgid(), "cap_eff": status["CapEff"].strip(),',
      '    "in": [oct(stat_in.st_mode & 0o7777), stat_in.st_uid], "model": [oct(stat_model.st_mode & 0o7777), stat_model.st_uid],',
      '    "content": open("/in/model.joblib").read(),',
      '    "overwrite": attempt(lambda: open("/in/model.joblib", "w").write("x")),',
      '    "add": attempt(lambda: open("/in/extra", "w").write("x")),',
      '    "chmod": attempt(lambda: os.chmod("/in/model.joblib", 0o666)),',
      '    "rename": attempt(lambda: os.rename("/in/model.joblib", "/in/moved")),',
      '    "out": attempt(lambda: open("/out/report.json", "w").write("{}")),',
      '}))',
    ].join('\n');
    const { job, lines } = python(script);
    const run = await runInContainer(docker!, job);
    expect(run.exitCode, run.stderrTail.join('\n')).toBe(0);
    expect(JSON.parse(lines.at(-1)!)).toEqual({
      uid: 1000,
      gid: 1000,
      cap_eff: '0000000000000000',
      in: ['0o555', 0],
      model: ['0o444', 0],
      content: 'not a model',
      overwrite: 'PermissionError',
      add: 'PermissionError',
      chmod: 'PermissionError',
      rename: 'PermissionError',
      out: 'done',
    });
  });

  it('is killed at its time limit with a clear error, and removed', async () => {
    const error = await runInContainer(docker!, python('import time\ntime.sleep(600)', { timeoutS: 3 }).job).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONVERSION_FAILED' });
    expect((error as Error).message).toMatch(/ran longer than its time limit of 3 s and was stopped.*CRANEML_CONVERTER_TIMEOUT/);
    expect(await ownContainers()).toBe(0);
  });

  it('is removed when it fails and when the run is aborted', async () => {
    const failed = await runInContainer(docker!, python('import sys\nprint("boom", file=sys.stderr)\nsys.exit(3)').job);
    expect(failed).toMatchObject({ exitCode: 3, stderrTail: ['boom'] });
    expect(await ownContainers()).toBe(0);

    const controller = new AbortController();
    const { job } = python('import time\nprint("started", flush=True)\ntime.sleep(600)', {
      signal: controller.signal,
      onStdoutLine: (line) => {
        if (line === 'started') controller.abort(new Error('cancelled by the test'));
      },
    });
    await expect(runInContainer(docker!, job)).rejects.toThrow('cancelled by the test');
    expect(await ownContainers()).toBe(0);
  });

  it("copies out only /out's named regular files", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-converter-out-'));
    try {
      const script = [
        'import os',
        'open("/out/report.json", "w").write("{}")',
        'open("/out/other.txt", "w").write("x")',
        'os.symlink("/etc/passwd", "/out/model.onnx")',
      ].join('\n');
      const run = await runInContainer(docker!, {
        ...python(script).job,
        out: { dir, files: { 'report.json': 100, 'model.onnx': 100 } },
      });
      expect(run.outFiles).toEqual(['report.json']);
      expect(await readdir(dir)).toEqual(['report.json']);
      expect(await readFile(path.join(dir, 'report.json'), 'utf8')).toBe('{}');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a converter container a crashed run left, even a running one, is swept', async () => {
    const child = execFile(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.once('exit', resolve));
    const container = await docker!.createContainer({
      Image: image.imageId,
      Cmd: ['python', '-c', 'import time; time.sleep(600)'],
      NetworkDisabled: true,
      HostConfig: { NetworkMode: 'none' },
      Labels: {
        ...labels,
        ...ownContainerLabels(image.imageId),
        [TEMP_CONTAINER_LABEL]: `${os.hostname()}:${child.pid}`,
        [TEMP_RUN_LABEL]: '1',
      },
    });
    await container.start();
    expect(await sweepTempContainers(docker!)).toContain(container.id);
    expect(await ownContainers()).toBe(0);
  });
});
