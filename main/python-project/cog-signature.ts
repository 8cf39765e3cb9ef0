/**
 * The columns of a Cog project, read statically from its runner's signature:
 * `def run(self, name: type = Input(description=..., default=..., ge=..., le=..., choices=...), ...)`
 * (`def predict` before Cog 0.22).
 * Only literals are read; anything this cannot read is a CraneError naming the argument, never a guess.
 */
import { CraneError } from '../errors.ts';
import type { ColumnType, TableColumn } from '../shared/conversion-schema.ts';
import type { DType } from '../shared/manifest-schema.ts';
import { readLiteral, splitTopLevel, type PythonLiteral } from './python-literal.ts';
import { tokenize, type PythonToken } from './python-tokens.ts';

export interface CogSignature {
  columns: TableColumn[];
  /** The dtype of what predict returns, where its annotation says a plain type. */
  returns?: DType;
}

/** Cog's plain input types; a Secret is a string the model is handed wrapped (the runtime wraps it). */
const TYPES: Record<string, ColumnType> = {
  str: 'string',
  int: 'integer',
  float: 'number',
  bool: 'boolean',
  Secret: 'string',
  'cog.Secret': 'string',
};
/** Cog's file types, and pathlib's: sent as data URLs, handed to predict as a path. */
const FILE_TYPES = new Set(['Path', 'cog.Path', 'pathlib.Path', 'File', 'cog.File']);
const RETURNS: Record<string, DType> = { str: 'string', int: 'int64', float: 'float64', bool: 'bool' };
/**
 * Input(...) keywords read but not kept: the runtime checks them from the signature itself, or they
 * only inform Cog's own tools (`deprecated`; `accept`, a file input's media types).
 */
const CHECKED_AT_RUN_TIME = new Set(['min_length', 'max_length', 'regex', 'deprecated', 'accept']);

const text = (tokens: PythonToken[]): string => tokens.map((t) => t.text).join('');
const isOp = (token: PythonToken | undefined, op: string): boolean => token?.kind === 'op' && token.text === op;

/** The index of the bracket closing the one at `open`. */
function closingBracket(tokens: PythonToken[], open: number, file: string): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'op' && '([{'.includes(token.text)) depth++;
    if (token.kind === 'op' && ')]}'.includes(token.text) && --depth === 0) return i;
  }
  throw new CraneError('MODEL_FORMAT', `${file}: line ${tokens[open]!.line}: a bracket that never closes`);
}

/** What `def <method>(...)` holds: its parameters (the tokens between its brackets) and what follows `->`. */
interface EntryTokens {
  method: string;
  params: PythonToken[];
  returns: PythonToken[];
  /** A method, whose first parameter is self; else a plain function. */
  isMethod: boolean;
}

/** Whether tokens[i] is the `def` of a function (or an `async def`) named `name`. */
function isDefOf(tokens: PythonToken[], i: number, name: string): boolean {
  const token = tokens[i]!;
  return (
    token.text === 'def' &&
    (token.startsLine || tokens[i - 1]?.text === 'async') &&
    tokens[i + 1]?.text === name &&
    isOp(tokens[i + 2], '(')
  );
}

function entryAt(tokens: PythonToken[], def: number, isMethod: boolean, file: string): EntryTokens {
  const close = closingBracket(tokens, def + 2, file);
  const colon = tokens.findIndex((t, j) => j > close && isOp(t, ':'));
  const returns = isOp(tokens[close + 1], '->') ? tokens.slice(close + 2, colon < 0 ? undefined : colon) : [];
  return { method: tokens[def + 1]!.text, params: tokens.slice(def + 3, close), returns, isMethod };
}

/**
 * The method Cog calls on `class name`: run (Cog 0.22 on) or predict (before), never both. Without
 * such a class, a top-level function of that name, which cog.yaml may name instead.
 */
function entryParameters(tokens: PythonToken[], name: string, file: string): EntryTokens {
  const at = tokens.findIndex((t, i) => t.kind === 'name' && t.text === 'class' && t.startsLine && tokens[i + 1]?.text === name);
  if (at < 0) {
    const fn = tokens.findIndex((t, i) => isDefOf(tokens, i, name) && (t.startsLine ? t.column : tokens[i - 1]!.column) === 0);
    if (fn < 0) throw new CraneError('MODEL_FORMAT', `${file}: no class ${name} (nor a function of that name), which cog.yaml names`);
    return entryAt(tokens, fn, false, file);
  }
  const indent = tokens[at]!.column;
  // The class's own methods start lines at its body's indent; a function nested in one is not a method.
  const bodyIndent = tokens.find((t, i) => i > at + 1 && t.startsLine)?.column;
  const found = new Map<string, number>();
  for (let i = at + 2; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.startsLine && token.column <= indent) break;
    const lineColumn = token.startsLine ? token.column : tokens[i - 1]!.column;
    for (const method of ['run', 'predict'])
      if (!found.has(method) && lineColumn === bodyIndent && isDefOf(tokens, i, method)) found.set(method, i);
  }
  if (found.size === 2)
    throw new CraneError('MODEL_FORMAT', `${file}: class ${name} defines both run and predict; Cog takes one, so define run only`);
  const [def] = found.values();
  if (def === undefined)
    throw new CraneError('MODEL_FORMAT', `${file}: class ${name} defines no predict method of its own (nor run, its name since Cog 0.22)`);
  return entryAt(tokens, def, true, file);
}

function columnType(name: string, annotation: PythonToken[], at: string): { type: ColumnType; file?: true } {
  if (annotation.length === 0)
    throw new CraneError(
      'MODEL_FORMAT',
      `${at} argument "${name}" has no type; write it as ${name}: str = Input(...) (str, int, float, bool or Path), as Cog requires`,
    );
  const written = withoutOptional(text(annotation));
  if (FILE_TYPES.has(written)) return { type: 'string', file: true };
  const type = TYPES[written];
  if (!type)
    throw new CraneError(
      'MODEL_FORMAT',
      `${at} argument "${name}" has type ${written}; CraneML reads str, int, float, bool, Secret and Path`,
    );
  return { type };
}

/** `Optional[str]`, `Union[str, None]` or `str | None` (the column may then be left out) as `str`. */
function withoutOptional(written: string): string {
  return (
    /^(?:typing\.)?Optional\[(.+)\]$/.exec(written)?.[1] ??
    /^(?:typing\.)?Union\[(.+),None\]$/.exec(written)?.[1] ??
    /^(?:typing\.)?Union\[None,(.+)\]$/.exec(written)?.[1] ??
    /^(.+)\|None$/.exec(written)?.[1] ??
    /^None\|(.+)$/.exec(written)?.[1] ??
    written
  );
}

/** Whether a literal fits a column of `type`. */
function fits(value: PythonLiteral, type: ColumnType): value is string | number | boolean {
  if (type === 'string') return typeof value === 'string';
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  return typeof value === 'number';
}

/** The keyword arguments of `Input(...)`, each read as a literal. */
function inputKeywords(name: string, inner: PythonToken[], at: string): Map<string, PythonLiteral> {
  const keywords = new Map<string, PythonLiteral>();
  for (const [index, part] of splitTopLevel(inner).entries()) {
    const key = part[0];
    const isKeyword = key?.kind === 'name' && isOp(part[1], '=');
    // Cog's Input takes its default first, by position too: Input("hello", description=...).
    if (index === 0 && !isKeyword) {
      const read = readLiteral(part);
      if ('error' in read) throw new CraneError('MODEL_FORMAT', `${at} argument "${name}": its default ${read.error}`);
      keywords.set('default', read.value);
      continue;
    }
    if (!isKeyword) throw new CraneError('MODEL_FORMAT', `${at} argument "${name}": Input(${text(part)}) is not a keyword argument`);
    const read = readLiteral(part.slice(2));
    if ('error' in read) throw new CraneError('MODEL_FORMAT', `${at} argument "${name}": ${key.text}=: ${read.error}`);
    keywords.set(key.text, read.value);
  }
  return keywords;
}

/** What follows `=`: `Input(...)` (or `cog.Input(...)`), or a plain default. */
function defaultKeywords(name: string, tokens: PythonToken[], at: string): Map<string, PythonLiteral> {
  if (tokens.length === 0) return new Map();
  const call = tokens[0]?.text === 'cog' && isOp(tokens[1], '.') ? tokens.slice(2) : tokens;
  if (call[0]?.text === 'Input' && isOp(call[1], '(') && closingBracket(call, 1, at) === call.length - 1)
    return inputKeywords(name, call.slice(2, -1), at);
  const read = readLiteral(tokens);
  if ('error' in read) throw new CraneError('MODEL_FORMAT', `${at} argument "${name}": its default ${read.error}`);
  return new Map([['default', read.value]]);
}

function numberOf(name: string, key: string, value: PythonLiteral | undefined, at: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new CraneError('MODEL_FORMAT', `${at} argument "${name}": ${key}= must be a number`);
  return value;
}

/** One argument of run (or predict) as a column; `at` starts its messages: "predict.py: run's". */
function column(param: PythonToken[], at: string): TableColumn {
  const first = param[0]!;
  if (first.kind !== 'name')
    throw new CraneError('MODEL_FORMAT', `${at} ${text(param)}: CraneML reads named arguments only, not *args, **kwargs or /`);
  const name = first.text;
  const equals = param.findIndex((t, i) => isOp(t, '=') && splitTopLevel(param.slice(0, i)).length === 1);
  const annotation = isOp(param[1], ':') ? param.slice(2, equals < 0 ? undefined : equals) : [];
  if (!isOp(param[1], ':') && param.length > 1 && !isOp(param[1], '='))
    throw new CraneError('MODEL_FORMAT', `${at} argument "${name}" is not "name: type = Input(...)"`);
  const { type, file: isFile } = columnType(name, annotation, at);
  const keywords = defaultKeywords(name, equals < 0 ? [] : param.slice(equals + 1), at);
  const unknown = [...keywords.keys()].filter(
    (k) => !['default', 'description', 'ge', 'le', 'choices'].includes(k) && !CHECKED_AT_RUN_TIME.has(k),
  );
  if (unknown.length > 0)
    throw new CraneError('MODEL_FORMAT', `${at} argument "${name}": Input(${unknown.join('=, ')}=) is not one CraneML reads`);
  // default=None, or an Optional type with no default, as Cog reads them: an input that may be left
  // out, reaching predict as None.
  const nullable = withoutOptional(text(annotation)) !== text(annotation);
  const optional = keywords.get('default') === null || (nullable && !keywords.has('default'));
  const fallback = optional ? undefined : keywords.get('default');
  if (fallback !== undefined && (isFile || !fits(fallback, type)))
    throw new CraneError('MODEL_FORMAT', `${at} argument "${name}": its default ${JSON.stringify(fallback)} is not a ${text(annotation)}`);
  const description = keywords.get('description');
  if (description !== undefined && typeof description !== 'string')
    throw new CraneError('MODEL_FORMAT', `${at} argument "${name}": description= must be a string`);
  const choices = keywords.get('choices');
  if (choices !== undefined && (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => fits(c, type))))
    throw new CraneError('MODEL_FORMAT', `${at} argument "${name}": choices= must be a list of ${text(annotation)} values`);
  const minimum = numberOf(name, 'ge', keywords.get('ge'), at);
  const maximum = numberOf(name, 'le', keywords.get('le'), at);
  if ((minimum !== undefined || maximum !== undefined) && type !== 'number' && type !== 'integer')
    throw new CraneError('MODEL_FORMAT', `${at} argument "${name}": ge= and le= bound numbers, not a ${text(annotation)}`);
  // Choices of a number are checked by the runtime; a column's values name categories of text.
  const values = type === 'string' && Array.isArray(choices) ? (choices as string[]) : undefined;
  const example = fallback ?? (Array.isArray(choices) ? (choices[0] as string | number | boolean) : undefined);
  return {
    name,
    type,
    tensor: name,
    index: 0,
    ...(values ? { values } : {}),
    ...(example !== undefined ? { example } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(minimum !== undefined ? { minimum } : {}),
    ...(maximum !== undefined ? { maximum } : {}),
    ...(fallback !== undefined ? { default: fallback } : {}),
    ...(isFile ? { file: true } : {}),
    ...(optional ? { optional: true } : {}),
  };
}

/**
 * The columns `class className`'s run (or predict) takes, in the order it lists them; or a function's,
 * where cog.yaml names a function.
 * @example readCogSignature('class Predictor(BasePredictor):\n def predict(self, n: int = Input(ge=1)) -> str: ...', 'predict.py', 'Predictor')
 * // { columns: [{ name: 'n', type: 'integer', tensor: 'n', index: 0, minimum: 1 }], returns: 'string' }
 */
export function readCogSignature(source: string, file: string, className: string): CogSignature {
  const { method, params, returns, isMethod } = entryParameters(tokenize(source, file), className, file);
  const entry = isMethod ? `${className}.${method}` : className;
  const [self, ...rest] = isMethod ? splitTopLevel(params) : [[], ...splitTopLevel(params)];
  if (isMethod && (self?.length !== 1 || self[0]!.kind !== 'name'))
    throw new CraneError('MODEL_FORMAT', `${file}: ${entry} must be a method taking self first`);
  const columns = rest.map((param) => column(param, `${file}: ${method}'s`));
  if (columns.length === 0) throw new CraneError('MODEL_FORMAT', `${file}: ${entry} takes no input; CraneML needs at least one`);
  const dtype = RETURNS[text(returns)];
  return { columns, ...(dtype ? { returns: dtype } : {}) };
}
