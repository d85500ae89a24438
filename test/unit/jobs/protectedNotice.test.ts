import assert from 'node:assert/strict';
import { isProtected, protectedNotification, ProtectionWait } from '../../../src/jobs/protectedNotice';
import { deriveProtectionStatus, unknownProtectionStatus } from '../../../src/model/protectionStatus';
import { lifecycle } from '../tree/fixtures';

const status = {
  notProtected: deriveProtectionStatus(undefined),
  enabling: deriveProtectionStatus(lifecycle.enabling),
  replicating: deriveProtectionStatus(lifecycle.initialReplication),
  protected: deriveProtectionStatus(lifecycle.protected),
};

describe('jobs/protectedNotice: the one notification of an enable, when the VM is protected', () => {
  it('tells once, after the estate showed the VM not protected yet (the enable just done), then replicating', () => {
    const wait = new ProtectionWait({ key: 'k', name: 'ramh157v03' });
    assert.equal(wait.next(status.notProtected), 'wait', 'the estate is not refreshed yet');
    assert.equal(wait.next(status.enabling), 'wait');
    assert.equal(wait.next(status.replicating), 'wait');
    assert.equal(wait.next(status.protected), 'protected');
  });

  it('a VM already protected when the wait starts (a wizard restored after it finished) is not announced again', () => {
    assert.equal(new ProtectionWait({ key: 'k', name: 'v' }).next(status.protected), 'drop');
  });

  it('a VM whose replication was disabled, or that left the estate, ends the wait without a word', () => {
    const disabled = new ProtectionWait({ key: 'k', name: 'v' });
    disabled.next(status.replicating);
    assert.equal(disabled.next(status.notProtected), 'drop');
    const gone = new ProtectionWait({ key: 'k', name: 'v' });
    assert.equal(gone.next(undefined), 'wait', 'not in the estate yet: wait');
    gone.next(status.replicating);
    assert.equal(gone.next(undefined), 'drop');
  });

  it('a VM whose protection became unknown (signed out mid-replication) is not announced as protected', () => {
    const wait = new ProtectionWait({ key: 'k', name: 'v' });
    wait.next(status.replicating);
    assert.equal(wait.next(unknownProtectionStatus()), 'wait');
    assert.equal(isProtected(unknownProtectionStatus()), false);
  });

  it('isProtected: Protected and the kinds after it, not those before', () => {
    assert.equal(isProtected(status.protected), true);
    assert.equal(isProtected(deriveProtectionStatus(lifecycle.protectedWaitingForCompletion)), true);
    for (const s of [status.notProtected, status.enabling, status.replicating, undefined]) assert.equal(isProtected(s), false);
  });

  it('the text and the Test Failover button for the VM', () => {
    assert.deepEqual(protectedNotification({ key: 'abc', name: 'ramh157v03' }), {
      severity: 'info',
      message: 'ramh157v03 is protected. Run a test failover to prove it can recover.',
      actions: [{ title: 'Test Failover', command: 'azureSiteRecovery.testFailover', args: [{ vmKey: 'abc' }] }],
    });
  });
});
