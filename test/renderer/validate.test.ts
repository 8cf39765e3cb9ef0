/** The wizard's checks as pure functions: what they accept, what they refuse, and what they tell the user to do. */
import { describe, expect, it } from 'vitest';
import type { SetupDecision } from '../../main/shared/crane-api.ts';
import type { TensorSpec } from '../../main/shared/manifest-schema.ts';
import {
  decisionOverrides,
  formFromSetup,
  labelsFromFileText,
  parseNumberList,
  setupFromForm,
  type SetupForm,
} from '../../renderer/src/wizard/setup-form.ts';
import {
  validateDockerTag,
  validateImageForm,
  validateName,
  validateSetupForm,
  validateVersion,
  type ImageForm,
} from '../../renderer/src/wizard/validate.ts';
import { DIGITS_SETUP } from './harness/digits-setup.ts';

const OUTPUTS: TensorSpec[] = [{ name: 'logits', dtype: 'float32', shape: [-1, 10] }];
const LOGITS = { name: 'logits', dtype: 'float32', shape: [-1, 10], classAxis: 1, classes: 10 } as const;

/** The core's decision for the digits model and `labels` labels (as api.decideSetup answers it). */
function decisionFor(labels: number, patch: Partial<SetupDecision> = {}): SetupDecision {
  return {
    labels,
    given: {},
    outputs: [{ ...LOGITS, shape: [...LOGITS.shape] }],
    output: { ...LOGITS, shape: [...LOGITS.shape] },
    classes: 10,
    softmax: true,
    softmaxWhy: 'probe outputs fall outside 0..1, so they are logits',
    softmaxBy: 'probe',
    topK: 3,
    ...patch,
  };
}

function digitsForm(patch: Partial<SetupForm> = {}): SetupForm {
  return {
    ...formFromSetup(DIGITS_SETUP, '/home/me/CraneML/digits'),
    decision: decisionFor(10),
    ...patch,
  };
}

const IMAGE: ImageForm = { tag: 'digits:1.0.0', baseImage: '', port: '8080', cpus: '', memoryMb: '' };

describe('wizard validation: model name and version', () => {
  it('accepts lowercase names and refuses capitals, spaces and a leading dot', () => {
    expect(validateName('digits')).toBeUndefined();
    expect(validateName('my-model_2.v1')).toBeUndefined();
    expect(validateName('Digits')).toMatch(/lowercase/);
    expect(validateName('my model')).toMatch(/lowercase/);
    expect(validateName('.hidden')).toMatch(/starting with a letter or digit/);
    expect(validateName('a'.repeat(64))).toBeDefined();
  });

  it('accepts versions like 1.0.0 and 2.1+build and refuses empty or spaced ones', () => {
    expect(validateVersion('1.0.0')).toBeUndefined();
    expect(validateVersion('2.1+build.5')).toBeUndefined();
    expect(validateVersion('')).toMatch(/1\.0\.0/);
    expect(validateVersion('1 0')).toBeDefined();
  });
});

describe('wizard validation: input and output step', () => {
  it('accepts the digits set-up as it comes', () => {
    expect(validateSetupForm(digitsForm(), OUTPUTS)).toEqual({});
  });

  it('refuses a width of 0 or a fraction and says the range', () => {
    expect(validateSetupForm(digitsForm({ width: '0' }), OUTPUTS).width).toMatch(/whole number from 1 to 8192/);
    expect(validateSetupForm(digitsForm({ height: '2.5' }), OUTPUTS).height).toMatch(/whole number from 1 to 8192/);
    expect(validateSetupForm(digitsForm({ width: '9000' }), OUTPUTS).width).toBeDefined();
  });

  it('refuses a mean with two values for three channels and says how many to give', () => {
    const errors = validateSetupForm(digitsForm({ channels: '3', center: 'none', mean: '0.5, 0.5' }), OUTPUTS);
    expect(errors.mean).toMatch(/1 value or 3 values/);
    expect(validateSetupForm(digitsForm({ channels: '3', center: 'none', mean: '0.5' }), OUTPUTS).mean).toBeUndefined();
    expect(validateSetupForm(digitsForm({ channels: '3', center: 'none', mean: '0.4, 0.5, 0.6' }), OUTPUTS).mean).toBeUndefined();
  });

  it('refuses a std of 0 and a mean that is not numbers', () => {
    expect(validateSetupForm(digitsForm({ std: '0' }), OUTPUTS).std).toMatch(/must not be 0/);
    expect(validateSetupForm(digitsForm({ mean: 'abc' }), OUTPUTS).mean).toMatch(/numbers separated by commas/);
  });

  it('refuses MNIST centring on a 3-channel input', () => {
    expect(validateSetupForm(digitsForm({ channels: '3' }), OUTPUTS).center).toMatch(/MNIST centring needs 1 channel/);
  });

  it("refuses 9 labels at the Labels field with the core's reason, and accepts none at all", () => {
    const problem = { field: 'labels', message: '9 labels given, but no float output has 9 entries on its class axis' } as const;
    const nine = digitsForm({ labels: '0\n1\n2\n3\n4\n5\n6\n7\n8', decision: decisionFor(9, { problem }) });
    expect(validateSetupForm(nine, OUTPUTS).labels).toBe('Labels: 9 labels given, but no float output has 9 entries on its class axis');
    expect(validateSetupForm(digitsForm({ labels: '', decision: decisionFor(0) }), OUTPUTS).labels).toBeUndefined();
  });

  it("shows the core's score output and softmax problems at their own fields", () => {
    const several = {
      field: 'output',
      message: 'outputs "a" and "b" could each hold the 10 class scores; choose one under Score output',
    } as const;
    expect(validateSetupForm(digitsForm({ decision: decisionFor(10, { problem: several }) }), OUTPUTS).scoreOutput).toBe(
      `Score output: ${several.message}`,
    );
    const cannot = {
      field: 'softmax',
      message: 'cannot tell whether "logits" holds logits or probabilities; set Softmax to On or Off',
    } as const;
    expect(validateSetupForm(digitsForm({ decision: decisionFor(10, { problem: cannot }) }), OUTPUTS).softmax).toMatch(
      /^Softmax: cannot tell/,
    );
  });

  it('asks the core to decide when a form saved before the Score output and Softmax controls is reloaded', () => {
    const saved = JSON.parse('{"labels": "a\\nb"}') as Pick<SetupForm, 'scoreOutput' | 'softmaxMode'>;
    expect(decisionOverrides(saved)).toEqual({});
    expect(decisionOverrides({ scoreOutput: 'probabilities', softmaxMode: 'off' })).toEqual({ output: 'probabilities', softmax: false });
  });

  it('waits for a decision made for the labels and controls as they are now', () => {
    const nine = digitsForm({ labels: '0\n1\n2\n3\n4\n5\n6\n7\n8' });
    expect(validateSetupForm(nine, OUTPUTS).labels).toMatch(/still being checked/);
    expect(validateSetupForm(digitsForm({ softmaxMode: 'off' }), OUTPUTS).labels).toMatch(/still being checked/);
    expect(
      validateSetupForm(digitsForm({ softmaxMode: 'off', decision: decisionFor(10, { given: { softmax: false } }) }), OUTPUTS),
    ).toEqual({});
  });

  it('refuses a top-k of 0 or 1001', () => {
    expect(validateSetupForm(digitsForm({ topK: '0' }), OUTPUTS).topK).toMatch(/1 to 1000/);
    expect(validateSetupForm(digitsForm({ topK: '1001' }), OUTPUTS).topK).toBeDefined();
  });

  it('skips the image checks for tensor input', () => {
    expect(validateSetupForm(digitsForm({ kind: 'tensor', width: 'x', mean: '1,2' }), OUTPUTS)).toEqual({});
  });

  it('lists errors in the form order, so the first field in error gets focus', () => {
    const errors = validateSetupForm(digitsForm({ name: 'Bad', width: '0', topK: '0' }), OUTPUTS);
    expect(Object.keys(errors)).toEqual(['name', 'width', 'topK']);
  });
});

describe('wizard validation: image step', () => {
  it('accepts a lowercase name:tag, with a registry and port too', () => {
    expect(validateImageForm(IMAGE)).toEqual({});
    expect(validateDockerTag('localhost:5000/team/digits:1.0.0')).toBeUndefined();
  });

  it('refuses a tag with capital letters and says how to fix it', () => {
    expect(validateDockerTag('Digits:1.0.0')).toMatch(/lowercase/);
  });

  it('refuses what Docker would refuse: climbing paths, empty parts, a base image that is no reference', () => {
    expect(validateDockerTag('a/../x:1.0')).toMatch(/lowercase/);
    expect(validateDockerTag('team//digits:1.0')).toMatch(/lowercase/);
    expect(validateDockerTag('digits:.hidden')).toMatch(/the tag after ":"/);
    expect(validateImageForm({ ...IMAGE, baseImage: '/tmp' }).baseImage).toMatch(/image reference like node:22-slim/);
    expect(validateImageForm({ ...IMAGE, baseImage: 'node:22-slim' }).baseImage).toBeUndefined();
  });

  it('refuses a reference with no tag', () => {
    expect(validateDockerTag('digits')).toMatch(/name and tag like digits:1\.0\.0/);
    expect(validateDockerTag('localhost:5000/digits')).toBeDefined();
  });

  it('refuses port 0 and 70000, and odd limits', () => {
    expect(validateImageForm({ ...IMAGE, port: '0' }).port).toMatch(/1 to 65535/);
    expect(validateImageForm({ ...IMAGE, port: '70000' }).port).toBeDefined();
    expect(validateImageForm({ ...IMAGE, cpus: '-1' }).cpus).toBeDefined();
    expect(validateImageForm({ ...IMAGE, memoryMb: '1.5' }).memoryMb).toMatch(/whole number/);
    expect(validateImageForm({ ...IMAGE, cpus: '0.5', memoryMb: '512' })).toEqual({});
  });
});

describe('set-up form conversion', () => {
  it('round-trips the digits set-up', () => {
    const setup = setupFromForm(digitsForm());
    expect(setup.input).toMatchObject({ kind: 'image', width: 28, channels: 1, invert: true, center: 'mnist', fit: 'contain' });
    expect(setup.labels).toHaveLength(10);
    expect(setup.postprocess).toEqual({ output: 'logits', softmax: true, top_k: 3 });
  });

  it("writes the core's decision, not the form's own softmax, for a decided model", () => {
    const decided = 'scores: "logits" is the only float output with 10 entries on its class axis [-1, 10]; softmax on: logits';
    const setup = setupFromForm(digitsForm({ softmax: false, decision: decisionFor(10, { decided }) }));
    expect(setup.postprocess).toEqual({ output: 'logits', softmax: true, top_k: 3, decided });
    expect(setupFromForm(digitsForm({ labels: '', decision: decisionFor(0, { softmax: false }) })).postprocess).toEqual({
      softmax: false,
      top_k: 3,
    });
  });

  it('reads number lists and label files', () => {
    expect(parseNumberList('0.5, 0.25')).toEqual([0.5, 0.25]);
    expect(parseNumberList(' ')).toBeUndefined();
    expect(labelsFromFileText('["cat", "dog"]')).toEqual(['cat', 'dog']);
    expect(labelsFromFileText('cat\r\ndog\n\n')).toEqual(['cat', 'dog']);
  });
});
