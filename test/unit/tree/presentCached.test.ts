import assert from 'node:assert/strict';
import { CACHED_TOKEN, withCachedMark, withoutCachedActions } from '../../../src/tree/presentCached';
import { presentVault, presentVm } from '../../../src/tree/presentation';
import { JOB_ROW_MAX } from '../../../src/tree/presentShort';
import { NOW, vmOfKind, unescapeMarkdown } from './fixtures';

describe('the tree while the cached snapshot shows', () => {
  it('the vault row says "cached <age>" (fits beside the vault name) and the sentence first on hover', () => {
    const model = presentVault({ name: 'RAM-Vault', location: 'West Europe', resourceGroup: 'RAM-DR-RG' });
    const marked = withCachedMark(model, new Date(NOW.getTime() - 4 * 60_000), NOW);
    assert.equal(marked.description, 'cached 4 min ago');
    assert.ok(`${marked.label} ${marked.description ?? ''}`.length <= JOB_ROW_MAX);
    assert.match(unescapeMarkdown(marked.tooltip), /^\*Cached: the estate as read 4 min ago/);
    assert.ok(marked.tooltip.endsWith(model.tooltip));
    assert.equal(marked.id, model.id);
  });

  it('a VM row offers no action until the refresh lands', () => {
    const model = presentVm(vmOfKind('Protected'), { now: NOW });
    assert.match(model.contextValue, /testFailover/);
    const cached = withoutCachedActions(model);
    assert.doesNotMatch(cached.contextValue, /testFailover/);
    assert.ok(cached.contextValue.split(';').includes(CACHED_TOKEN));
    assert.ok(cached.contextValue.startsWith('vm'));
    assert.equal(withoutCachedActions(cached).contextValue, cached.contextValue);
    assert.equal(cached.description, model.description);
  });
});
