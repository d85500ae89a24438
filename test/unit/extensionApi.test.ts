// Issue 12, finding 2: activate()'s return value goes to every other extension, so the live parts
// (the Azure connection's token credential, the saved Hyper-V host credentials) are returned only
// when the extension runs its own tests (src/extensionApi.ts).
import assert from 'node:assert/strict';
import type { ExtensionApi } from '../../src/extensionApi';
import { apiForMode } from '../../src/extensionApi';

// vscode.ExtensionMode's values (part of the API).
const Production = 1;
const Development = 2;
const Test = 3;

describe('what activate() returns (issue 12, finding 2)', () => {
  const api = { connection: {}, credentials: {} } as unknown as ExtensionApi;

  it('is undefined in Production and Development, without building the API', () => {
    for (const mode of [Production, Development]) {
      let built = false;
      const result = apiForMode(mode, () => {
        built = true;
        return api;
      });
      assert.equal(result, undefined, `mode ${mode}`);
      assert.equal(built, false, `mode ${mode}: not built`);
    }
  });

  it('is the live API in Test mode (the host suite)', () => {
    assert.equal(
      apiForMode(Test, () => api),
      api,
    );
  });
});
