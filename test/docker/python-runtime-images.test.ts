/**
 * Pictures served by the Python runtime in a real container: a predict.py project declaring an image
 * input (test/fixtures/python-projects/e2e-image, answering each row's pixel sum and argmax) built and
 * run with the CLI. Its image runs the Node runtime's codec as child processes, so every answer equals
 * what main/codec/image-codec.ts makes of the same picture in this process, to the last bit; the
 * contract's image cases (test/contract/cases/images.ts) run against it too.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeImage } from '../../main/codec/image-codec.ts';
import { codecOf, describeImageCases, postBody, postForm, testPictures, type ImageContractContext } from '../contract/cases/images.ts';
import { TORCH_TEST_ENV, torchFixture } from '../helpers/torch-env.ts';
import { BUILD_MS, PYTHON_PROJECTS, PythonE2e } from './python-runtime-e2e.ts';
import { requireDocker } from './require-docker.ts';

const docker = await requireDocker();
const PROJECT = path.join(PYTHON_PROJECTS, 'e2e-image');

interface PixelAnswer {
  sum: number;
  argmax: number;
  count: number;
}

/** What e2e-image's predict.py answers for a sample: Python's sum in order over the float32 values, the first largest. */
function pixelAnswer(data: Float32Array): PixelAnswer {
  let sum = 0;
  let argmax = 0;
  data.forEach((value, i) => {
    sum += value;
    if (value > data[argmax]!) argmax = i;
  });
  return { sum, argmax, count: data.length };
}

describe.skipIf(!docker)('pictures through the Python runtime', () => {
  const e2e = new PythonE2e(docker!, 'py-images');
  const context: ImageContractContext = { url: '', project: PROJECT };
  let container = '';

  beforeAll(async () => {
    await e2e.start();
    const image = await e2e.build(PROJECT, 'image');
    const served = await e2e.run(image, 'image');
    expect(served.run.code, served.run.stderr).toBe(0);
    context.url = served.url;
    container = served.container;
  }, BUILD_MS);
  afterAll(() => e2e.stop());

  it("answers each picture with the sum and argmax of the Node codec's own tensor, exactly", async () => {
    const pictures = await testPictures();
    const { codec, maxPixels } = await codecOf(PROJECT);
    for (const [name, picture] of Object.entries(pictures)) {
      const encoded = await encodeImage(picture, codec, maxPixels);
      const answer = await postBody(context.url, new Uint8Array(picture), name === 'jpeg' ? 'image/jpeg' : 'image/png');
      expect(answer.status, `${name}: ${JSON.stringify(answer.body)}`).toBe(200);
      expect(answer.body.predictions, name).toEqual([pixelAnswer(encoded.data)]);
    }
    const both = await postForm(context.url, [pictures.seven!, pictures.three!]);
    const expected = await Promise.all([pictures.seven!, pictures.three!].map((p) => encodeImage(p, codec, maxPixels)));
    expect(both.body.predictions).toEqual(expected.map((e) => pixelAnswer(e.data)));
  });

  it('replaces codec processes that died and answers the next picture', async () => {
    const killNode = [
      'python',
      '-c',
      "import os\nfor p in filter(str.isdigit, os.listdir('/proc')):\n  if open(f'/proc/{p}/comm').read().strip() == 'node': os.kill(int(p), 9); print(p)",
    ];
    const exec = await docker!
      .getContainer(container)
      .exec({ Cmd: killNode, User: '1000', AttachStdout: true, AttachStderr: true, Tty: true });
    const stream = await exec.start({});
    let output = '';
    stream.on('data', (chunk: Buffer) => (output += chunk.toString('latin1')));
    await new Promise((resolve) => stream.on('end', resolve));
    expect(output.match(/\d+/g)?.length, output).toBeGreaterThan(0);
    const { seven } = await testPictures();
    const { codec, maxPixels } = await codecOf(PROJECT);
    const answer = await postBody(context.url, new Uint8Array(seven!), 'image/png');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.predictions).toEqual([pixelAnswer((await encodeImage(seven!, codec, maxPixels)).data)]);
  });

  it('documents the picture bodies in /openapi.json', async () => {
    const doc = (await (await fetch(`${context.url}/openapi.json`)).json()) as {
      paths: { '/predict': { post: { requestBody: { content: Record<string, unknown> } } } };
    };
    const content = doc.paths['/predict'].post.requestBody.content;
    expect(Object.keys(content).sort()).toEqual(['application/json', 'image/jpeg', 'image/png', 'multipart/form-data']);
    expect(JSON.stringify(content['application/json'])).toContain('"images"');
  });

  describe('the contract', () => describeImageCases(context));
});

describe.skipIf(!docker)('pictures through a TorchScript digits model in the Python runtime', () => {
  const e2e = new PythonE2e(docker!, 'py-torch-images');
  const context: ImageContractContext = { url: '', project: '' };
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    await e2e.start();
    // The CLI inherits these: its dependency container takes torch's CPU wheel from /opt/wheels, never PyPI's CUDA build.
    for (const [key, value] of Object.entries(TORCH_TEST_ENV)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    const project = e2e.path('torch-digits');
    const init = await e2e.cli(['init', torchFixture('digits_cnn.pt'), '-o', project, '--preset', 'digits']);
    expect(init.code, init.stderr).toBe(0);
    const served = await e2e.run(await e2e.build(project, 'torch-digits'), 'torch-digits');
    expect(served.run.code, served.run.stderr).toBe(0);
    Object.assign(context, { url: served.url, project });
  }, BUILD_MS);
  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await e2e.stop();
  });

  it('classifies a drawn digit into one of its labels', async () => {
    const { seven } = await testPictures();
    const answer = await postBody(context.url, new Uint8Array(seven!), 'image/png');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.predictions![0]).toMatchObject({ label: expect.stringMatching(/^[0-9]$/), index: expect.any(Number) });
  });

  describe('the contract', () => describeImageCases(context));
});
