/** The app's words for the CLI hints in the core's messages: no flag and no craneml command reaches the app. */
import net, { type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortFree } from '../../main/docker/host-port.ts';
import { inAppWords } from '../../renderer/src/ui/app-words.ts';
import { messageOf } from '../../renderer/src/ui/format.ts';

/** Messages the core writes for the CLI, as written in main/ (docker, base image, python, init). */
const CORE_MESSAGES = [
  'port 8080 is already in use on 127.0.0.1; pick another with --port, or stop what uses it (craneml ls shows CraneML containers)',
  'port 8080 is already in use; pick another with --port',
  'image x:1 not found (craneml ls --images lists CraneML images)',
  'image x:1 not found (craneml ls --images)',
  'image x:1 not found; build it first (craneml build), or see craneml ls --images',
  'image x:1 not found; see craneml ls --images',
  'no container c1 (craneml ls lists CraneML containers)',
  'no CraneML container or image named c1 (craneml ls lists them)',
  'a container named c1 already exists; choose another --name, or remove it with craneml rm c1',
  'container c1 is running; stop it first (craneml stop c1) or use --force',
  'image x:1 is in use: conflict; remove its containers first or use --force',
  'base image node:99 is not here: pull it when online, pass --base-image, or make the local base b',
  'base image node:99 is not here: check the name, pull it yourself, or pass another --base-image',
  'predict.py: served by the Python runtime, which runs only in its image; craneml build it, craneml run it, then predict against its URL',
  'model.onnx changed after "craneml init" (its sha256 is not the abc… the manifest records); run "craneml init" again to accept the new file',
  'cannot tell whether "y" holds logits or probabilities: 0.2..1.4; pass --softmax or --no-softmax',
  'outputs "a" and "b" could each hold the 3 class scores; choose one with --scores-output NAME',
  '--scores-output: "z" is not an output of the model (outputs: y)',
];

describe("the app's words for the core's CLI hints", () => {
  it.each(CORE_MESSAGES)('leaves no flag and no craneml command in: %s', (message) => {
    const words = inAppWords(message);
    expect(words).not.toMatch(/--[a-z]|craneml (ls|rm|stop|build|run|init)/);
    expect(words).not.toBe(message);
  });

  it("says the port refusal the core really throws in the app's words, through messageOf", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const refusal = await assertPortFree(port).catch((error: unknown) => error);
    taken.close();
    expect(messageOf(refusal)).toBe(`port ${port} is already in use on 127.0.0.1; choose another port, or stop what uses it (Containers)`);
  });

  it('leaves a message with no CLI hint as it is', () => {
    expect(inAppWords('the dropped files are larger than the limit')).toBe('the dropped files are larger than the limit');
  });
});
