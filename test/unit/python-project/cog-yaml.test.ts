/** cog.yaml as CraneML serves it: version, packages, requirements file, predictor; GPU, Debian packages and build commands refused. */
import { describe, expect, it } from 'vitest';
import { CraneError } from '../../../main/errors.ts';
import { readCogYaml } from '../../../main/python-project/cog-yaml.ts';

const read = (text: string) => readCogYaml(text, 'cog.yaml');

function refusal(text: string): string {
  try {
    read(text);
  } catch (error) {
    expect(error).toBeInstanceOf(CraneError);
    expect((error as CraneError).code).toBe('MODEL_FORMAT');
    return (error as CraneError).message;
  }
  throw new Error('cog.yaml was taken');
}

describe('cog.yaml', () => {
  it("reads the version, packages and predictor as Cog's docs write them", () => {
    const text = [
      '# Configuration for Cog',
      'build:',
      '  gpu: false',
      '  python_version: "3.12.4"',
      '  python_packages:',
      '    - "numpy==2.4.6"',
      '    - scikit-learn[alldeps]>=1.5,<2',
      '  python_requirements: ./requirements.txt',
      'predict: "src/predict.py:Predictor"',
    ].join('\n');
    expect(read(text)).toEqual({
      version: '3.12',
      versionGiven: true,
      requirements: ['numpy==2.4.6', 'scikit-learn[alldeps]>=1.5,<2'],
      requirementsFile: 'requirements.txt',
      entry: 'predict',
      file: 'src/predict.py',
      className: 'Predictor',
    });
  });

  it('reads the runner as `cog init` writes it since Cog 0.22 (run: "run.py:Runner")', () => {
    const text = [
      'build:',
      '  gpu: false',
      '  # system_packages:',
      '  #   - "libgl1"',
      '  python_version: "3.13"',
      '  python_requirements: requirements.txt',
      '  # run:',
      '  #   - "echo env is ready!"',
      '',
      '# run.py defines how runs are handled by your model',
      'run: "run.py:Runner"',
    ].join('\n');
    expect(read(text)).toEqual({
      version: '3.13',
      versionGiven: true,
      requirements: [],
      requirementsFile: 'requirements.txt',
      entry: 'run',
      file: 'run.py',
      className: 'Runner',
    });
  });

  it('refuses run: and predict: together, as Cog does, and names the key of a malformed one', () => {
    expect(refusal('run: "run.py:Runner"\npredict: "predict.py:Predictor"\n')).toMatch(/sets both run: and predict:; Cog takes one/);
    expect(refusal('run: "run.py"\n')).toMatch(/^cog\.yaml: run: "run\.py" is not "<file>\.py:<Class>"$/);
    expect(refusal('run: 3\n')).toMatch(/no predict: "predict\.py:Predictor" \(or Cog 0\.22's run: "run\.py:Runner"\)/);
  });

  it('takes the default Python when none is named, and says so', () => {
    expect(read('predict: predict.py:Echo\n')).toMatchObject({ version: '3.11', versionGiven: false, requirements: [], className: 'Echo' });
  });

  it('refuses a GPU project, Debian packages and build commands with the reason', () => {
    expect(refusal('build:\n  gpu: true\npredict: "predict.py:Predictor"\n')).toMatch(/build\.gpu: true: this project needs a GPU/);
    expect(refusal('build:\n  system_packages:\n    - ffmpeg\n    - libgl1\npredict: "predict.py:Predictor"\n')).toMatch(
      /build\.system_packages \(ffmpeg, libgl1\): CraneML images install Python packages only/,
    );
    expect(refusal('build:\n  run:\n    - curl -o w.bin https://example.com\npredict: "predict.py:Predictor"\n')).toMatch(
      /build\.run: CraneML runs no build commands/,
    );
  });

  it('refuses a Python it has no base for, listing the ones it has', () => {
    expect(refusal('build:\n  python_version: "2.7"\npredict: "predict.py:Predictor"\n')).toMatch(
      /build\.python_version "2\.7" is not one CraneML builds images for \(3\.10, 3\.11, 3\.12, 3\.13\)/,
    );
  });

  it('refuses pip options, URLs and a missing or malformed predict', () => {
    expect(refusal('build:\n  python_packages: ["--extra-index-url https://evil.example"]\npredict: "predict.py:Predictor"\n')).toMatch(
      /"--extra-index-url https:\/\/evil.example" is not a package requirement/,
    );
    expect(refusal('build:\n  python_packages: ["git+https://github.com/x/y"]\npredict: "predict.py:Predictor"\n')).toMatch(
      /not a package requirement/,
    );
    expect(refusal('build:\n  python_version: "3.11"\n')).toMatch(/no predict:/);
    expect(refusal('predict: "predict:Predictor"\n')).toMatch(/is not "<file>\.py:<Class>"/);
    expect(refusal('build: [1\n')).toMatch(/not valid YAML/);
  });
});
