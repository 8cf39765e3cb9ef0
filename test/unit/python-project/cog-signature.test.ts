/**
 * The static reader of a Cog predictor's signature: predict's typed Input(...) arguments as columns,
 * from signatures written the way Cog's docs write them, and a CraneError naming the argument for
 * anything it cannot read.
 */
import { describe, expect, it } from 'vitest';
import { CraneError } from '../../../main/errors.ts';
import { readCogSignature } from '../../../main/python-project/cog-signature.ts';

const read = (source: string, className = 'Predictor') => readCogSignature(source, 'predict.py', className);

function refusal(source: string): string {
  try {
    read(source);
  } catch (error) {
    expect(error).toBeInstanceOf(CraneError);
    return (error as CraneError).message;
  }
  throw new Error('the signature was read');
}

const COG_DOCS = `# Prediction interface for Cog ⚙️
# https://cog.run/python

from cog import BasePredictor, Input, Path
import torch

class Predictor(BasePredictor):
    def setup(self):
        """Load the model into memory to make running multiple predictions efficient"""
        self.model = torch.load("./weights.pth")

    # The arguments and types the model takes as input
    def predict(self,
          image: Path = Input(description="Grayscale input image"),
          scale: float = Input(
              description="Factor to scale image by (a number (0.5 to 10))",  # nested parens
              ge=0.5, le=10, default=1.5
          ),
          mode: str = Input(description="How "
                                        'to scale', choices=['fast', "best"], default="best"),
          steps: int = Input(default=-4, ge=-10, le=1_000,),
          verbose: bool = False,
    ) -> Path:
        """Run a single prediction on the model"""
        processed_image = preprocess(image)
        return postprocess(self.model(processed_image))
`;

describe("a Cog predictor's signature", () => {
  it('reads multi-line arguments with comments, trailing commas, nested parens and joined strings', () => {
    const { columns, returns } = read(COG_DOCS);
    expect(returns).toBeUndefined();
    expect(columns).toEqual([
      { name: 'image', type: 'string', tensor: 'image', index: 0, description: 'Grayscale input image', file: true },
      {
        name: 'scale',
        type: 'number',
        tensor: 'scale',
        index: 0,
        example: 1.5,
        description: 'Factor to scale image by (a number (0.5 to 10))',
        minimum: 0.5,
        maximum: 10,
        default: 1.5,
      },
      {
        name: 'mode',
        type: 'string',
        tensor: 'mode',
        index: 0,
        values: ['fast', 'best'],
        example: 'best',
        description: 'How to scale',
        default: 'best',
      },
      { name: 'steps', type: 'integer', tensor: 'steps', index: 0, example: -4, minimum: -10, maximum: 1000, default: -4 },
      { name: 'verbose', type: 'boolean', tensor: 'verbose', index: 0, example: false, default: false },
    ]);
  });

  it('reads cog.Input and cog.Path, escapes, raw strings and the return type', () => {
    const source = [
      'import cog',
      'class Echo(cog.BasePredictor):',
      '    async def predict(self, text: str = cog.Input(description="tab\\there \\u00e9"), pattern: str = r"\\d+", photo: cog.Path = cog.Input()) -> float:',
      '        return 1.0',
    ].join('\n');
    const { columns, returns } = read(source, 'Echo');
    expect(returns).toBe('float64');
    expect(columns.map((c) => [c.name, c.type, c.description, c.default, c.file])).toEqual([
      ['text', 'string', 'tab\there é', undefined, undefined],
      ['pattern', 'string', undefined, '\\d+', undefined],
      ['photo', 'string', undefined, undefined, true],
    ]);
  });

  it('reads run, as `cog init` writes the runner since Cog 0.22, async or not, and names it in refusals', () => {
    const template = [
      'from cog import BaseRunner, Input, Path',
      '',
      'class Runner(BaseRunner):',
      '    def setup(self) -> None:',
      '        """Load the model into memory to make running multiple requests efficient"""',
      '',
      '    def run(',
      '        self,',
      '        image: Path = Input(description="Grayscale input image"),',
      '        scale: float = Input(',
      '            description="Factor to scale image by", ge=0, le=10, default=1.5',
      '        ),',
      '    ) -> Path:',
      '        """Run the model on a single input"""',
    ].join('\n');
    expect(read(template, 'Runner').columns.map((c) => [c.name, c.type, c.file, c.description, c.minimum, c.maximum, c.default])).toEqual([
      ['image', 'string', true, 'Grayscale input image', undefined, undefined, undefined],
      ['scale', 'number', undefined, 'Factor to scale image by', 0, 10, 1.5],
    ]);
    const asynchronous =
      'class Runner(BaseRunner):\n    @concurrent(max=4)\n    async def run(self, prompt: str) -> str:\n        return prompt\n';
    expect(read(asynchronous, 'Runner')).toEqual({
      columns: [{ name: 'prompt', type: 'string', tensor: 'prompt', index: 0 }],
      returns: 'string',
    });
    expect(refusal('class Predictor(BaseRunner):\n    def run(self, x: list[int]):\n        pass\n')).toMatch(
      /^predict\.py: run's argument "x" has type list\[int\]/,
    );
  });

  it("reads Input's default given first by position, and takes accept= (a file's media types) without keeping it", () => {
    const source =
      'class Runner:\n    def run(self, prompt: str = Input("a cat", description="p"), image: Path = Input(accept="image/*")) -> str:\n        pass\n';
    expect(read(source, 'Runner').columns.map((c) => [c.name, c.default, c.description, c.file])).toEqual([
      ['prompt', 'a cat', 'p', undefined],
      ['image', undefined, undefined, true],
    ]);
    expect(refusal('class Predictor:\n    def predict(self, n: int = Input(1, 2)):\n        pass\n')).toMatch(
      /argument "n": Input\(2\) is not a keyword argument/,
    );
  });

  it('reads a Secret input as a string, and Union[T, None] as a column that may be left out', () => {
    const source =
      'class Runner:\n    def run(self, token: cog.Secret = Input(description="API token"), seed: Union[int, None] = None, note: typing.Union[None, str] = Input()):\n        pass\n';
    expect(read(source, 'Runner').columns.map((c) => [c.name, c.type, c.optional])).toEqual([
      ['token', 'string', undefined],
      ['seed', 'integer', true],
      ['note', 'string', true],
    ]);
  });

  it('refuses a class defining both run and predict, as Cog does, but not for a function nested in a method', () => {
    const nested =
      'class Predictor:\n    def setup(self):\n        def run(job):\n            return job\n        self.run_job = run\n    def predict(self, a: int):\n        pass\n';
    expect(read(nested).columns.map((c) => c.name)).toEqual(['a']);
    expect(refusal('class Predictor:\n    def run(self, a: int):\n        pass\n    def predict(self, a: int):\n        pass\n')).toMatch(
      /class Predictor defines both run and predict; Cog takes one/,
    );
  });

  it('reads a plain function where cog.yaml names one, its arguments all inputs', () => {
    const source =
      'import cog\n\ndef helper(x):\n    pass\n\nasync def predict(text: str = cog.Input(description="t"), n: int = 2) -> str:\n    return text * n\n';
    expect(read(source, 'predict').columns.map((c) => [c.name, c.type, c.default])).toEqual([
      ['text', 'string', undefined],
      ['n', 'integer', 2],
    ]);
    expect(refusal('def run():\n    pass\n'.replace('run', 'Predictor'))).toMatch(/^predict\.py: Predictor takes no input/);
    // A method of another class is not a top-level function.
    expect(refusal('class Other:\n    def Predictor(self, x: int):\n        pass\n')).toMatch(
      /no class Predictor \(nor a function of that name\)/,
    );
  });

  it('reads the class cog.yaml names, not another class with a predict of its own', () => {
    const source = [
      'class Helper:',
      '    def predict(self, wrong: int):',
      '        pass',
      'class Predictor(BasePredictor):',
      '    def predict(self, right: int = Input(ge=0)) -> int:',
      '        pass',
    ].join('\n');
    expect(read(source).columns.map((c) => c.name)).toEqual(['right']);
    expect(read(source).returns).toBe('int64');
  });

  it('reads default=None and Optional[...] without a default as a column that may be left out', () => {
    const { columns } = read(
      'class Predictor:\n    def predict(self, seed: int = Input(default=None), note: Optional[str] = Input(description="n"), tag: str | None = None, size: Optional[int] = 3):\n        pass\n',
    );
    expect(columns.map((c) => [c.name, c.type, c.optional, c.default])).toEqual([
      ['seed', 'integer', true, undefined],
      ['note', 'string', true, undefined],
      ['tag', 'string', true, undefined],
      ['size', 'integer', undefined, 3],
    ]);
  });

  it('refuses an argument without a type, naming it (Cog requires one)', () => {
    expect(refusal('class Predictor:\n    def predict(self, prompt=Input(default="hi")):\n        pass\n')).toMatch(
      /predict's argument "prompt" has no type/,
    );
  });

  it('refuses what it cannot read as a literal, naming the argument and the keyword', () => {
    expect(refusal('class Predictor:\n    def predict(self, n: int = Input(default=DEFAULT_N)):\n        pass\n')).toMatch(
      /argument "n": default=: DEFAULT_N is a name/,
    );
    expect(refusal('class Predictor:\n    def predict(self, s: str = Input(description=f"{x}")):\n        pass\n')).toMatch(
      /argument "s": description=: the f-string/,
    );
    expect(refusal('class Predictor:\n    def predict(self, n: int = Input(ge=1 + 1)):\n        pass\n')).toMatch(
      /argument "n": ge=: 1 \+ 1 is computed/,
    );
  });

  it('refuses types, keywords and defaults it does not take, naming the argument', () => {
    expect(refusal('class Predictor:\n    def predict(self, x: list[int] = Input()):\n        pass\n')).toMatch(
      /argument "x" has type list\[int\]/,
    );
    expect(refusal('class Predictor:\n    def predict(self, x: int = Input(secret=1)):\n        pass\n')).toMatch(
      /argument "x": Input\(secret=\)/,
    );
    expect(refusal('class Predictor:\n    def predict(self, n: int = Input(default=1.5)):\n        pass\n')).toMatch(
      /argument "n": its default 1.5 is not a int/,
    );
    expect(refusal('class Predictor:\n    def predict(self, s: str = Input(ge=1)):\n        pass\n')).toMatch(
      /argument "s": ge= and le= bound numbers/,
    );
    expect(refusal('class Predictor:\n    def predict(self, *args):\n        pass\n')).toMatch(/named arguments only/);
  });

  it('says when the class or its predict is missing', () => {
    expect(refusal('class Other:\n    def predict(self, x: int):\n        pass\n')).toMatch(/no class Predictor/);
    expect(refusal('class Predictor(Base):\n    def setup(self):\n        pass\ndef predict(self, x: int):\n    pass\n')).toMatch(
      /defines no predict method of its own/,
    );
    expect(refusal('class Predictor:\n    def predict(self, text: str = "never ends)\n')).toMatch(/a string that never ends/);
  });
});
