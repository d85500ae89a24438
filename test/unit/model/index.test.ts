// The model barrel (src/model/index.ts) re-exports exactly the runtime API of the modules it names:
// every export of each module is there and is the same binding (not a copy or a stub), and the
// barrel exports nothing else. Dropping an `export *` line, or exporting a stray name, fails here.
import assert from 'node:assert/strict';
import * as armId from '../../../src/model/armId';
import * as model from '../../../src/model/index';
import * as jobSummary from '../../../src/model/jobSummary';
import { messages } from '../../../src/model/messages';
import * as osDisk from '../../../src/model/osDisk';
import * as preflight from '../../../src/model/preflight';
import * as protectedItem from '../../../src/model/protectedItem';
import * as protectionStatus from '../../../src/model/protectionStatus';
import * as vmActions from '../../../src/model/vmActions';
import * as windowsVersions from '../../../src/model/windowsVersions';

const modules: Record<string, Record<string, unknown>> = { armId, protectedItem, protectionStatus, vmActions, preflight, osDisk, jobSummary, windowsVersions };

describe('model/index', () => {
  for (const [name, mod] of Object.entries(modules)) {
    it(`re-exports every export of model/${name}, as the same binding`, () => {
      const exported = Object.keys(mod);
      assert.ok(exported.length > 0, `model/${name} exports nothing at run time`);
      const barrel = model as unknown as Record<string, unknown>;
      for (const key of exported) {
        assert.ok(key in barrel, `model/index does not export ${key} (from model/${name})`);
        assert.equal(barrel[key], mod[key], `model/index's ${key} is not model/${name}'s`);
      }
    });
  }

  it('exports messages, and nothing the named modules do not', () => {
    assert.equal(model.messages, messages);
    const expected = new Set(['messages', ...Object.values(modules).flatMap((m) => Object.keys(m))]);
    const stray = Object.keys(model).filter((k) => !expected.has(k));
    assert.deepEqual(stray, []);
  });
});
