import assert from 'node:assert/strict';
import * as model from '../../../src/model/index';

describe('model/index', () => {
  it('exports the public API of every model module', () => {
    const names = [
      'parseArmId', 'formatArmId', 'sameArmId', 'jobNameFromOperationUrl', 'parseProtectedItemId', 'protectedItemId',
      'hyperVReplicaDetails', 'deriveProtectionStatus', 'allowedActions', 'checkAction', 'contextValueTokens',
      'asrOperationFor', 'actionTitle', 'preflightVm', 'preflightHost', 'summarizeJob', 'buildJobFilter', 'parseJobFilter',
    ] as const;
    for (const name of names) {
      assert.equal(typeof model[name], 'function', name);
    }
    assert.equal(model.messages.status.summary.Protected, 'Protected');
    assert.ok(new model.InvalidArmIdError('x', 'y') instanceof Error);
  });
});
