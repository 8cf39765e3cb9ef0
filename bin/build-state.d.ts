/** Types of bin/build-state.js (plain JavaScript, read by bin/craneml.js before any TypeScript can run). */

export interface SourceFacts {
  size: number;
  mtimeMs: number;
  /** Empty when the file changed during the build: never current. */
  sha256: string;
}

export interface BuildState {
  hash: string;
  files: Record<string, SourceFacts>;
  /** Which files went into which bundle: cli, runtime, electron, renderer, config (the build's own files). */
  bundles: Record<string, string[]>;
}

export declare const STATE_FILE: 'build-state.json';
export declare function hashFile(file: string): string;
export declare function combinedHash(hashes: Record<string, string>): string;
export declare const CLI_BUNDLES: readonly string[];
export declare function describeSources(root: string, bundles: Record<string, Iterable<string>>, startedMs?: number): BuildState;
export declare function readBuildState(dist: string): (BuildState & Record<string, unknown>) | undefined;
export declare function changedSources(root: string, state: BuildState, bundles?: readonly string[]): string[];
export declare function isBuildCurrent(root: string, dist?: string): boolean;
export declare function compiledCli(
  root: string,
  dist?: string,
): { entry: string; reason?: undefined } | { entry?: undefined; reason: string };
