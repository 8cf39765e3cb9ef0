/**
 * What a PyTorch file is, told from its zip's entry names and small JSON and text parts, never by
 * unpickling: TorchScript (`<root>/code/` and `<root>/constants.pkl`), a torch.export archive
 * (`<root>/archive_format` = "pt2", its model JSON), or a torch.save pickle (`<root>/data.pkl`, no
 * code): a state_dict (weights alone) or a whole pickled module, told apart by the globals it names.
 */
import path from 'node:path';
import { scanPickle } from '../notebook/pickle/scan-pickle.ts';
import { ModelFormatError } from '../errors.ts';
import { readRange } from '../files/read-range.ts';
import { readExportSignature, type ExportSignature } from './torch-export-json.ts';
import { readZipDirectory, readZipEntry, type ZipEntry } from './torch-zip.ts';

export type TorchFile =
  | { kind: 'torchscript' }
  /** torch.save's format before torch 1.6: pickles one after another, no zip. */
  | { kind: 'legacy_pickle' }
  | { kind: 'torch_export'; signature: ExportSignature }
  | { kind: 'state_dict' }
  /** `moduleClass`: the first class of the module the pickle names, e.g. "predict.CancerNet". */
  | { kind: 'pickled_module'; moduleClass: string };

/** The model JSON of a .pt2 is read whole, to this size (the fixtures' are 10 kB; a large network's a few MB). */
export const MAX_EXPORT_JSON_BYTES = 64 * 1024 ** 2;
/** A torch.save pickle is walked (never run) to this size to tell weights from a module. */
const MAX_DATA_PICKLE_BYTES = 64 * 1024 ** 2;
/** The globals a pickle of tensors alone names: containers, and torch's rebuilding of tensors and storages. */
const WEIGHT_GLOBAL =
  /^(collections\.OrderedDict|builtins\.\w+|__builtin__\.\w+|torch\.\w*Storage|torch\._utils\._rebuild_\w+|torch\.(float|int|bool|bfloat|uint)\w*|torch\.device|torch\.Size|a persistent ID.*)$/;

/** Entries grouped by the archive's root folder (torch writes every entry under one `<root>/`). */
function underRoot(file: string, entries: ZipEntry[]): Map<string, ZipEntry> {
  const root = entries[0]?.name.split('/')[0] ?? '';
  const byName = new Map<string, ZipEntry>();
  for (const entry of entries) {
    if (!entry.name.startsWith(`${root}/`)) {
      throw new ModelFormatError(`${file}: a zip archive whose entries do not share one folder, so not a file torch wrote`);
    }
    byName.set(entry.name.slice(root.length + 1), entry);
  }
  return byName;
}

async function exportSignature(file: string, byName: Map<string, ZipEntry>): Promise<ExportSignature> {
  const format = byName.get('archive_format');
  const marker = format ? (await readZipEntry(file, format, 64, 'its archive_format')).toString('utf8').trim() : '';
  if (marker !== 'pt2') throw new ModelFormatError(`${file}: its archive_format is "${marker}", not "pt2" (a torch.export.save archive)`);
  const models = [...byName.keys()].filter((name) => /^models\/[^/]+\.json$/.test(name));
  const named = models.includes('models/model.json') ? 'models/model.json' : models.length === 1 ? models[0] : undefined;
  if (!named) {
    throw new ModelFormatError(
      models.length === 0
        ? `${file}: a torch.export archive with no model JSON (models/*.json); save it with torch.export.save from torch 2.6 or newer`
        : `${file}: a torch.export archive of ${models.length} programs (${models.join(', ')}); CraneML serves one`,
    );
  }
  const text = (await readZipEntry(file, byName.get(named)!, MAX_EXPORT_JSON_BYTES, 'its model JSON')).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModelFormatError(`${file}: its model JSON (${named}) is not valid JSON`);
  }
  return readExportSignature(json, file);
}

/** A torch.save pickle's first class that is not a tensor's or a container's, or undefined for weights alone. */
async function moduleClassOf(file: string, data: ZipEntry): Promise<string | undefined> {
  const bytes = await readZipEntry(file, data, MAX_DATA_PICKLE_BYTES, 'its data.pkl');
  let named: string[];
  try {
    const findings = scanPickle(new Uint8Array(bytes), file);
    named = [...findings.globals, ...findings.refused];
  } catch {
    // The scan refuses what it cannot walk; what is left to say is that it is a pickle, not which kind.
    return 'an object the pickle builds';
  }
  return named.find((global) => !WEIGHT_GLOBAL.test(global));
}

/**
 * @example (await readTorchFile('cancer_mlp.pt2')).kind // 'torch_export'
 */
export async function readTorchFile(file: string): Promise<TorchFile> {
  const head = await readRange(file, 0, 2);
  if (head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5) return { kind: 'legacy_pickle' };
  const byName = underRoot(file, await readZipDirectory(file));
  if (byName.has('archive_format') || [...byName.keys()].some((name) => name.startsWith('models/'))) {
    return { kind: 'torch_export', signature: await exportSignature(file, byName) };
  }
  const code = [...byName.keys()].some((name) => name.startsWith('code/'));
  if (code && byName.has('constants.pkl')) return { kind: 'torchscript' };
  const data = byName.get('data.pkl');
  if (data && !code) {
    const moduleClass = await moduleClassOf(file, data);
    return moduleClass ? { kind: 'pickled_module', moduleClass } : { kind: 'state_dict' };
  }
  throw new ModelFormatError(
    `${path.basename(file)}: a zip archive, but not one torch.jit.save, torch.export.save or torch.save writes (no code/, models/ or data.pkl)`,
  );
}
