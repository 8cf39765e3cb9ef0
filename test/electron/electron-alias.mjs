// `node --import ./electron-alias.mjs`: resolves `electron` to the fake module, so the built
// dist/electron/main.js can boot without Electron (test/electron/boot-built-main.ts).
import { register } from 'node:module';

const fake = new URL('./fake-electron.ts', import.meta.url).href;
const hooks = `export async function resolve(specifier, context, next) {
  return specifier === 'electron' ? { url: ${JSON.stringify(fake)}, shortCircuit: true } : next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
