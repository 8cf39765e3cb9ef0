/** What every runtime's Dockerfile template gets the same way: its base image as the ARG default, CraneML's labels last. */

function quote(value: string): string {
  return JSON.stringify(value.replace(/[\r\n]+/g, ' '));
}

/**
 * `ARG BASE_IMAGE=<baseImage>`, and a LABEL instruction at the end, where a changed label (a build
 * time, a model digest) never invalidates a layer above it.
 * @example withBaseAndLabels('ARG BASE_IMAGE=x\nFROM ${BASE_IMAGE}\n', 'node:20-bookworm-slim', { a: 'b' })
 */
export function withBaseAndLabels(template: string, baseImage: string, labels: Record<string, string>): string {
  const withBase = template.replace(/^ARG BASE_IMAGE=.*$/m, `ARG BASE_IMAGE=${baseImage}`);
  const labelLines = Object.entries(labels).map(([key, value]) => `  ${key}=${quote(value)}`);
  return `${withBase.trimEnd()}\nLABEL \\\n${labelLines.join(' \\\n')}\n`;
}
