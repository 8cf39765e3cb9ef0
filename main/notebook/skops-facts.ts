/**
 * Reads a skops file's schema.json (within the archive limits every zip CraneML reads keeps) and
 * checks every type and function it names against the same allow-list as pickles.
 */
import { ModelCorruptError } from '../errors.ts';
import { readZipEntries } from '../formats/keras/zip-entries.ts';
import { verdictOf } from './allow-list.ts';
import type { NotebookLibrary } from './types.ts';

/** Nodes looked at before the schema counts as damaged: a forest of thousands of trees has fewer. */
const MAX_NODES = 2_000_000;

const LIBRARY_OF_ROOT: Record<string, NotebookLibrary> = {
  sklearn: 'scikit-learn',
  xgboost: 'xgboost',
  lightgbm: 'lightgbm',
  catboost: 'catboost',
};

interface SchemaNode {
  __class__?: unknown;
  __module__?: unknown;
  __loader__?: unknown;
  content?: unknown;
}

export interface SkopsFacts {
  /** Every module.class (or function) the schema names and the allow-list admits, first seen first. */
  globals: string[];
  refused: string[];
  library?: NotebookLibrary;
  estimator?: string;
  versions: Record<string, string>;
}

const isNode = (value: unknown): value is SchemaNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as SchemaNode).__class__ === 'string';

/** A JsonNode's content is JSON text: "\"1.9.1\"" for the string 1.9.1. */
function jsonString(node: unknown): string | undefined {
  if (!isNode(node) || node.__loader__ !== 'JsonNode' || typeof node.content !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(node.content);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** An ObjectNode's attributes: its content is a DictNode whose content maps names to nodes. */
function attributes(node: SchemaNode): Record<string, unknown> {
  const dict = node.content;
  if (!isNode(dict) || typeof dict.content !== 'object' || dict.content === null) return {};
  return dict.content as Record<string, unknown>;
}

function describe(node: SchemaNode): string {
  const name = String(node.__class__);
  const steps = attributes(node).steps;
  if (!isNode(steps) || !Array.isArray(steps.content)) return name;
  const names = steps.content.flatMap((step: unknown) => {
    const estimator = isNode(step) && Array.isArray(step.content) ? (step.content[1] as unknown) : undefined;
    return isNode(estimator) && estimator.__loader__ === 'ObjectNode' ? [String(estimator.__class__)] : [];
  });
  return names.length > 0 ? `${name}(${names.join(', ')})` : name;
}

/** Judges every node of a parsed schema, breadth first. */
function judge(schema: unknown, source: string): SkopsFacts {
  const facts: SkopsFacts = { globals: [], refused: [], versions: {} };
  // Sets: first-seen order at O(1) a name, however many nodes the schema holds.
  const globals = new Set<string>();
  const refusedNames = new Set<string>();
  const queue: unknown[] = [schema];
  for (let i = 0; i < queue.length; i++) {
    if (i >= MAX_NODES) throw new ModelCorruptError(`${source}: its schema.json holds more than ${MAX_NODES} nodes`);
    const value = queue[i];
    if (Array.isArray(value)) queue.push(...(value as unknown[]));
    else if (typeof value === 'object' && value !== null) queue.push(...Object.values(value));
    if (!isNode(value) || typeof value.__module__ !== 'string') continue;
    const cls = String(value.__class__);
    const name = `${value.__module__}.${cls}`;
    // A bound method (MethodNode) calls a method of an object by its name: nothing a model needs.
    const method = value.__loader__ === 'MethodNode' ? (value.content as { func?: unknown } | undefined)?.func : undefined;
    // functools.partial passes a pickle's check by what it binds, which this walk does not follow: refused here.
    const verdict = verdictOf(value.__module__, cls);
    const refused =
      value.__loader__ === 'MethodNode' ? `${name}.${String(method)}` : verdict === 'refused' || verdict === 'partial' ? name : undefined;
    if (refused) refusedNames.add(refused);
    else globals.add(name);
    const library = LIBRARY_OF_ROOT[value.__module__.split('.')[0] ?? ''];
    if (!facts.library && library && value.__loader__ === 'ObjectNode') {
      facts.library = library;
      facts.estimator = describe(value);
    }
    const version = value.__loader__ === 'ObjectNode' ? jsonString(attributes(value)._sklearn_version) : undefined;
    if (version && !facts.versions['scikit-learn']) facts.versions['scikit-learn'] = version;
  }
  return { ...facts, globals: [...globals], refused: [...refusedNames] };
}

/**
 * The types a skops file names, judged, and the model it holds.
 * @example await readSkopsFacts('pipe.skops') // { globals: ['sklearn.pipeline.Pipeline', …], refused: [], library: 'scikit-learn', … }
 */
export async function readSkopsFacts(file: string, source: string): Promise<SkopsFacts> {
  const entries = await readZipEntries(file, ['schema.json']);
  const bytes = entries['schema.json'];
  if (!bytes) throw new ModelCorruptError(`${source}: a skops file without its schema.json`);
  let schema: unknown;
  try {
    schema = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ModelCorruptError(`${source}: its schema.json is not valid JSON`, { cause: error });
  }
  const facts = judge(schema, source);
  const skops = (schema as { _skops_version?: unknown })._skops_version;
  if (typeof skops === 'string') facts.versions.skops = skops;
  return facts;
}
