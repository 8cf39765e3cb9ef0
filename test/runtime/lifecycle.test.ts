import net from 'node:net';
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { digitsProject, instance, postJson, serve } from './helpers.ts';

const projects: string[] = [];
afterAll(async () => Promise.all(projects.map((p) => rm(p, { recursive: true, force: true }))));

/** Starts a POST /predict by hand and sends only half of its body; `finish()` sends the rest and resolves with the raw answer. */
function slowUpload(port: number, body: string): Promise<{ finish: () => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      const half = body.length >> 1;
      socket.write(
        `POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
      );
      let answer = '';
      const ended = new Promise<string>((done) => {
        socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
        socket.on('close', () => done(answer));
      });
      resolve({
        finish: () => {
          // end, not write: the client half-closes, and is still answered.
          socket.end(body.slice(half));
          return ended;
        },
      });
    });
    socket.on('error', reject);
  });
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

describe('SIGTERM', () => {
  it('stops accepting, finishes every request in flight, then exits 0', async () => {
    // Requests wait up to 400 ms for a fuller batch, so they are surely in flight when the signal lands.
    const project = await digitsProject({ max_wait_ms: 400, max_batch_size: 64 });
    projects.push(project);
    // A long drain: this checks that requests are finished, not the 8 s cut-off (slow on a busy machine).
    const server = await serve(project, { env: { CRANEML_DRAIN_MS: '30000' } });
    const port = Number(new URL(server.url).port);
    const body = { instances: [instance((r, c) => (r + c) % 2)] };
    const upload = await slowUpload(port, JSON.stringify(body));
    const inFlight = [
      ...Array.from({ length: 20 }, () => postJson(`${server.url}/predict`, body)),
      ...Array.from({ length: 5 }, () =>
        postJson(`${server.url}/v2/models/digits/infer`, {
          inputs: [{ name: 'input', shape: [1, 1, 28, 28], datatype: 'FP32', data: body.instances[0]!.flat(2) }],
        }),
      ),
    ];
    await new Promise((r) => setTimeout(r, 150));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 150));

    // The listening socket is closed at once, while the half-sent request keeps the process alive.
    expect(await refused(port)).toBe(true);
    expect(server.child.exitCode).toBeNull();
    const raw = await upload.finish();
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
    expect(raw).toMatch(/^connection: close/im);
    expect(raw).toContain('"predictions"');

    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual(new Array(25).fill(200));
    expect(await server.exited).toBe(0);
    const lines = server
      .stdout()
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const messages = lines.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining(['received SIGTERM', 'stopped']));
    expect(messages.indexOf('stopped')).toBeGreaterThan(messages.lastIndexOf('request'));
  });

  it('exits 0 on SIGINT too when idle', async () => {
    const project = await digitsProject();
    projects.push(project);
    const server = await serve(project, { env: { CRANEML_LOG: 'off' } });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await server.stop('SIGINT')).toBe(0);
  });
});

describe('craneml serve', () => {
  it('fails with exit 2 and one line for a folder without craneml.json', async () => {
    const { runCli } = await import('../helpers/cli.ts');
    const result = await runCli(['serve', 'test', '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/craneml\.json: not found/);
  });

  it('fails with exit 2 when the port is taken', async () => {
    const project = await digitsProject();
    projects.push(project);
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const { port } = blocker.address() as net.AddressInfo;
    const { runCli } = await import('../helpers/cli.ts');
    const result = await runCli(['serve', project, '--port', String(port)]);
    blocker.close();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/already in use/);
  });
});

describe('readiness', () => {
  it('answers /readyz 503 and /predict 503 with Retry-After until the model is loaded and warmed', async () => {
    const { createHash } = await import('node:crypto');
    const { readFile, writeFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const { startServer } = await import('../../templates/runtime-node/src/server.ts');
    const project = await digitsProject();
    projects.push(project);
    // A large extra file makes loading slow: every listed file is hashed before the model loads.
    const ballast = Buffer.alloc(160 * 1024 * 1024, 7);
    await writeFile(path.join(project, 'ballast.bin'), ballast);
    const manifest = JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8'));
    manifest.model.files.push({ path: 'ballast.bin', bytes: ballast.length, sha256: createHash('sha256').update(ballast).digest('hex') });
    await writeFile(path.join(project, 'craneml.json'), JSON.stringify(manifest));

    const server = await startServer({ project, port: 0, log: false });
    try {
      const early = await fetch(`${server.url}/readyz`);
      expect(early.status).toBe(503);
      expect(await early.json()).toEqual({ status: 'loading' });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/v2/health/ready`)).status).toBe(503);
      const predict = await postJson(`${server.url}/predict`, { instances: [instance(() => 0)] });
      expect(predict.status).toBe(503);
      expect(predict.headers.get('retry-after')).toBe('1');
      expect(predict.body.error.code).toBe('NOT_READY');
      await server.ready;
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect((await postJson(`${server.url}/predict`, { instances: [instance(() => 0)] })).status).toBe(200);
    } finally {
      await server.shutdown();
    }
  });

  it('exits 2 from craneml serve when a model file changed since craneml init', async () => {
    const { appendFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const project = await digitsProject();
    projects.push(project);
    await appendFile(path.join(project, 'model.onnx'), Buffer.from([0]));
    const { runCli } = await import('../helpers/cli.ts');
    const result = await runCli(['serve', project, '--port', '0'], { env: { CRANEML_LOG: 'off' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/changed after "craneml init"/);
  });
});
