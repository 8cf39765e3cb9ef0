// What `npm run build` compiled, and whether it is still current. Plain JavaScript, because
// bin/craneml.js reads it before anything can compile TypeScript.
//
// The build writes dist/build-state.json: every source file esbuild bundled into dist/ (from its
// metafiles, node_modules left out, plus the build's own configuration) with its size, mtime and
// sha256, one hash over them all, and which files went into which bundle (`bundles`: cli, runtime,
// electron, renderer, config). The build is current when every recorded file still has its
// recorded content: a file whose size and mtime are unchanged is taken as unchanged (one stat a
// file, a few milliseconds in all); any other is read and hashed. A new source file can only enter
// the build through an import in a recorded one, so it changes that file's hash.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const STATE_FILE = 'build-state.json';

/** sha256 of a file's content, hex. */
export function hashFile(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** One hash over the files' own hashes, by repository-relative path (so the order never matters). */
export function combinedHash(hashes) {
  const hash = createHash('sha256');
  for (const name of Object.keys(hashes).sort()) hash.update(`${name}\0${hashes[name]}\n`);
  return hash.digest('hex');
}

/** The bundles the compiled CLI runs: its own, the model server `craneml serve` loads, and the build's configuration. */
export const CLI_BUNDLES = ['cli', 'runtime', 'config'];

/**
 * The record of each bundle's `files` (repository-relative) under `root`. A file modified after
 * `startedMs` (during the build) may not be what esbuild read, so it is recorded with no hash: never current.
 */
export function describeSources(root, bundles, startedMs = Infinity) {
  const record = {};
  const sorted = Object.fromEntries(Object.entries(bundles).map(([bundle, files]) => [bundle, [...new Set(files)].sort()]));
  for (const name of [...new Set(Object.values(sorted).flat())].sort()) {
    const file = path.join(root, name);
    const stats = statSync(file);
    const sha256 = stats.mtimeMs > startedMs ? '' : hashFile(file);
    record[name] = { size: stats.size, mtimeMs: stats.mtimeMs, sha256 };
  }
  const hashes = Object.fromEntries(Object.entries(record).map(([name, facts]) => [name, facts.sha256]));
  return { hash: combinedHash(hashes), files: record, bundles: sorted };
}

/** dist/build-state.json, or undefined when there is no (readable) build. */
export function readBuildState(dist) {
  try {
    const state = JSON.parse(readFileSync(path.join(dist, STATE_FILE), 'utf8'));
    return state && typeof state.files === 'object' && typeof state.bundles === 'object' && typeof state.hash === 'string'
      ? state
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The recorded files whose content is no longer what was built (missing ones included), by name:
 * of the whole build, or of the named bundles only.
 */
export function changedSources(root, state, bundles) {
  const names = bundles ? new Set(bundles.flatMap((bundle) => state.bundles[bundle] ?? [])) : undefined;
  const changed = [];
  for (const [name, facts] of Object.entries(state.files)) {
    if (names && !names.has(name)) continue;
    const file = path.join(root, name);
    let stats;
    try {
      stats = statSync(file);
    } catch {
      changed.push(name);
      continue;
    }
    if (stats.size === facts.size && stats.mtimeMs === facts.mtimeMs && facts.sha256 !== '') continue;
    if (stats.size !== facts.size || facts.sha256 === '' || hashFile(file) !== facts.sha256) changed.push(name);
  }
  return changed;
}

/** Whether `dist` holds a build whose every recorded source still has its recorded content. */
export function isBuildCurrent(root, dist = path.join(root, 'dist')) {
  const state = readBuildState(dist);
  return state !== undefined && changedSources(root, state).length === 0;
}

/**
 * Whether the compiled CLI in `dist` may run: `{ entry }` (its path) when the build is there and
 * current, else `{ reason }` in a few words.
 */
export function compiledCli(root, dist = path.join(root, 'dist')) {
  const state = readBuildState(dist);
  const entry = path.join(dist, 'cli', 'craneml.mjs');
  if (!state) return { reason: `no build in ${path.relative(root, dist) || dist} (npm run build makes it)` };
  try {
    statSync(entry);
  } catch {
    return { reason: `${path.relative(root, entry)} is missing (npm run build makes it)` };
  }
  if (CLI_BUNDLES.some((bundle) => !Array.isArray(state.bundles[bundle])))
    return { reason: 'the build predates the compiled CLI (npm run build updates it)' };
  const changed = changedSources(root, state, CLI_BUNDLES);
  if (changed.length > 0) {
    const more = changed.length > 1 ? ` and ${changed.length - 1} more` : '';
    return { reason: `the build is older than ${changed[0]}${more} (npm run build updates it)` };
  }
  return { entry };
}
