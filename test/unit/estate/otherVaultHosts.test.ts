// Several vaults (issue 16 §3): a host named in the hyperV.hosts setting but registered in a vault
// added beside the first is that vault's. The first vault's estate used to probe it and show it as
// one of its "Unregistered hosts" (its ASR does not list it), beside the added vault's row showing
// it registered. Now the first estate leaves out the hosts the added vaults registered
// (refresh.ts `hostsOfOtherVaults`, estate/otherVaultHosts.ts), and reads itself again when they change.
import assert from 'node:assert/strict';
import { OtherVaultHosts, registeredHostNames } from '../../../src/estate/otherVaultHosts';
import { EstateStore } from '../../../src/estate/store';
import type { EstateSnapshot } from '../../../src/estate/types';
import type { ScriptRunner } from '../../../src/services/hyperv/powershellRunner';
import { hostProbeData, inventoryVmData } from './hostProbeData';

/** A runner answering Get-HostProbe for each host asked (one collaborator faked), recording whom it was asked for. */
function runnerFor(asked: string[]): ScriptRunner {
  return {
    run(_script, input): Promise<unknown> {
      const name = String((input as { computerName: string | null }).computerName);
      asked.push(name);
      return Promise.resolve(hostProbeData(name, [inventoryVmData(`${name.toLowerCase()}-vm`, `${name === 'HV1' ? '1' : '2'}1111111-1111-4111-8111-111111111111`)]));
    },
  };
}

/** A snapshot as an added vault's store has it: HV2 registered in that vault. */
function addedVaultSnapshot(registered: boolean): EstateSnapshot {
  return { hosts: [{ name: 'HV2', fqdn: 'hv2.contoso.local', provider: { registered } }] } as unknown as EstateSnapshot;
}

/** The first vault's store, its setting naming HV1 and HV2, with an added vault whose snapshot is `added`. */
function firstStore(added: EstateSnapshot, asked: string[]): EstateStore {
  return new EstateStore(
    () => Promise.resolve({ runner: runnerFor(asked) }),
    () => ({ includeLocal: false, settingHosts: ['HV1', 'HV2'], useActiveDirectory: false, hostsOfOtherVaults: registeredHostNames(added) }),
  );
}

describe('estate: hosts registered in an added vault are not the first vault’s (issue 16 §3)', () => {
  it('a setting host registered in an added vault is neither probed nor shown by the first vault’s estate', async () => {
    const asked: string[] = [];
    const store = firstStore(addedVaultSnapshot(true), asked);
    await store.refresh();
    assert.deepEqual(
      store.snapshot?.hosts.map((h) => h.name),
      ['HV1'],
    );
    assert.deepEqual(asked, ['HV1']);
  });

  it('the same host not registered elsewhere stays the first vault’s (unregistered there)', async () => {
    const store = firstStore(addedVaultSnapshot(false), []);
    await store.refresh();
    assert.deepEqual(
      store.snapshot?.hosts.map((h) => [h.name, h.provider.registered]),
      [
        ['HV1', false],
        ['HV2', false],
      ],
    );
  });

  it('names a registered host by name and FQDN', () => {
    assert.deepEqual(registeredHostNames(addedVaultSnapshot(true)), ['HV2', 'hv2.contoso.local']);
    assert.deepEqual(registeredHostNames(addedVaultSnapshot(false)), []);
    assert.deepEqual(registeredHostNames(undefined), []);
  });

  it('the first estate is read again only when the added vaults’ registered hosts differ from those it left out', () => {
    let snapshots: (EstateSnapshot | undefined)[] = [undefined];
    let refreshes = 0;
    const hosts = new OtherVaultHosts(
      () => snapshots,
      () => refreshes++,
    );
    assert.deepEqual(hosts.names(), []);
    hosts.check();
    assert.equal(refreshes, 0, 'nothing changed');
    snapshots = [addedVaultSnapshot(true)];
    hosts.check();
    assert.equal(refreshes, 1, 'the added vault was read: HV2 is its own');
    assert.deepEqual(hosts.names(), ['hv2', 'hv2.contoso.local']);
    hosts.check();
    assert.equal(refreshes, 1, 'the refresh left it out already');
    snapshots = [];
    hosts.check();
    assert.equal(refreshes, 2, 'the vault removed: HV2 comes back to the first vault');
  });
});
