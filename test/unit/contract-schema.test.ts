/** The JSON Schema the Python runtime validates against is the one main/shared declares, never a stale copy. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CONTRACT_SCHEMA_FILE, contractSchemaText } from '../../scripts/export-contract-schema.ts';
import { ERROR_CODES, V2_DATATYPES } from '../../main/shared/http-contract.ts';
import { pythonSourceSchema, RUNTIMES } from '../../main/shared/python-runtime-schema.ts';

describe('contract JSON Schema', () => {
  it('is checked in exactly as scripts/export-contract-schema.ts makes it (npm run contract:schema)', async () => {
    const checkedIn = await readFile(CONTRACT_SCHEMA_FILE, 'utf8');
    expect(checkedIn, 'stale: run npm run contract:schema').toBe(await contractSchemaText());
  });

  it('holds every definition the Python server looks up, by name', async () => {
    const { $defs } = JSON.parse(await contractSchemaText());
    for (const name of ['manifest', 'predictJsonBody', 'predictResponse', 'errorBody', 'metadata', 'v2InferRequest', 'v2InferResponse']) {
      expect($defs[name], name).toMatchObject({ type: 'object' });
    }
    expect($defs.errorBody.properties.error.properties.code.enum).toEqual([...ERROR_CODES]);
    expect($defs.errorCode.enum).toEqual([...ERROR_CODES]);
    expect($defs.v2Datatype.enum).toEqual([...V2_DATATYPES]);
  });

  it('describes tensor-sized arrays as arrays and the manifest with its runtime and python section', async () => {
    const { $defs } = JSON.parse(await contractSchemaText());
    expect($defs.predictJsonBody.properties.instances).toEqual({ type: 'array' });
    expect($defs.v2InferRequest.properties.inputs.items.properties.data).toEqual({ type: 'array' });
    expect($defs.manifest.properties.runtime.enum).toEqual([...RUNTIMES]);
    const kinds = $defs.manifest.properties.python.properties.source.oneOf.map(
      (s: { properties: { kind: { const: string } } }) => s.properties.kind.const,
    );
    expect(kinds).toEqual(pythonSourceSchema.options.map((option) => option.shape.kind.value));
    expect(kinds).toEqual(['pickle', 'predictor', 'cog', 'torchscript', 'torch_export']);
  });
});
