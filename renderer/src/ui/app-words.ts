/**
 * The app's words for the hints the core's messages write for the CLI ("pick another with --port",
 * "craneml ls"): one table, applied to every error message the app shows (messageOf).
 */

/** A CLI hint as the core writes it, and what the app says instead. Longer hints come before their parts. */
const APP_WORDS: readonly [RegExp, string][] = [
  [
    /; pick another with --port, or stop what uses it \(craneml ls shows CraneML containers\)/,
    '; choose another port, or stop what uses it (Containers)',
  ],
  [/; pick another with --port/, '; choose another port'],
  [/; build it first \(craneml build\), or see craneml ls --images/, '; build it first (New model), or see the images on Containers'],
  [/ \(craneml ls --images lists CraneML images\)/, ' (Containers lists CraneML images)'],
  [/ \(craneml ls --images\)/, ' (Containers lists CraneML images)'],
  [/; see craneml ls --images/, '; Containers lists CraneML images'],
  [/ \(craneml ls lists (CraneML containers|them)\)/, ' (Containers lists $1)'],
  [/; choose another --name, or remove it with craneml rm \S+/, '; remove it on Containers first'],
  [/; stop it first \(craneml stop \S+\) or use --force/, '; stop it first (Containers)'],
  [/ first or use --force/, ' first'],
  [/, pass --base-image, or make/, ', give another base image on the Image step, or make'],
  [/, or pass another --base-image/, ', or give another base image on the Image step'],
  [/; craneml build it, craneml run it, then predict against its URL/, '; build it, run it, then test it'],
  [/ changed after "craneml init"/, ' changed since the project was written'],
  [/; run "craneml init" again to accept the new file/, '; write the project again to accept the new file'],
  [/; pass --softmax or --no-softmax/, '; say whether to apply softmax'],
  [/; choose one with --scores-output NAME/, '; choose the score output'],
  [/^--scores-output: /, 'Score output: '],
];

/**
 * The message with each CLI hint in the app's words.
 * @example inAppWords('port 8080 is already in use; pick another with --port') // 'port 8080 is already in use; choose another port'
 */
export function inAppWords(message: string): string {
  return APP_WORDS.reduce((text, [hint, words]) => text.replace(hint, words), message);
}
