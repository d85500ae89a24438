// Issue 12, finding 4: one malformed answer of Azure never blanks the tree. A protected item or a
// registration (provider) with fields of another type is one error row, "Could not read this item
// from Azure", that says what is wrong in its tooltip; the other VMs and hosts render as before.
import assert from 'node:assert/strict';
import type { Policy, RecoveryServicesProvider, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { buildEstateSnapshot, type EstateSnapshot } from '../../../src/estate';
import { policyIntervalSeconds } from '../../../src/estate/store';
import { toRegisteredHost } from '../../../src/services/azure/providers';
import type { HostInfo } from '../../../src/services/hyperv/hostInfo';
import { hostNotes, presentHost, presentMessage, presentVm } from '../../../src/tree/presentation';
import { estateHost, inventoryVm, labItem, labOps, NOW, VAULT, withoutEscapes, unescapeMarkdown } from '../tree/fixtures';

const ids = ['3f2a6c1e-8b4d-4e2f-9a1c-5d6e7f8a9b01', '3f2a6c1e-8b4d-4e2f-9a1c-5d6e7f8a9b02', '3f2a6c1e-8b4d-4e2f-9a1c-5d6e7f8a9b03'];
const PROVIDER_ID = `${VAULT}/replicationFabrics/RAM-Site/replicationRecoveryServicesProviders/71f21bed-b00f-4869-9dbf-288e7cb4051d`;

/** A protected item of VM `i` (raw JSON: the wire is not the SDK's typings). */
function item(i: number, change: (properties: Record<string, unknown>) => void = () => undefined): ReplicationProtectedItem {
  const base = labItem({ protectionState: 'Protected', allowedOperations: labOps.protected });
  const json = JSON.parse(JSON.stringify(base).split(ids[0]).join(ids[i])) as { properties: Record<string, unknown> };
  change(json.properties);
  return json;
}

function provider(change: (properties: Record<string, unknown>) => void = () => undefined): RecoveryServicesProvider {
  const properties: Record<string, unknown> = {
    fabricType: 'HyperVSite',
    friendlyName: 'HV01.contoso.local',
    connectionStatus: 'Connected',
    lastHeartBeat: new Date('2026-11-25T11:59:00Z'),
    providerVersion: '5.24.0814.2',
    healthErrorDetails: [],
  };
  change(properties);
  return { id: PROVIDER_ID, name: '71f21bed-b00f-4869-9dbf-288e7cb4051d', properties };
}

const info: HostInfo = {
  name: 'HV01',
  fqdn: 'HV01.contoso.local',
  osCaption: 'Microsoft Windows Server 2022 Datacenter',
  osBuild: 20348,
  isServerCore: false,
  hyperVModule: true,
  provider: { installed: true, registered: true },
};

function snapshot(items: ReplicationProtectedItem[], providers: RecoveryServicesProvider[] = [provider()]): EstateSnapshot {
  return buildEstateSnapshot({
    now: NOW,
    hostSources: [{ name: 'HV01.contoso.local', source: 'setting' }],
    probes: new Map([['hv01.contoso.local', { ok: true, info, vms: ids.map((vmId, i) => inventoryVm({ name: `web-0${i + 1}`, vmId })), at: NOW }]]),
    registeredHosts: providers.map(toRegisteredHost),
    protectedItems: items,
  });
}

describe('estate and tree: an item Azure answered malformed is one error row (issue 12)', () => {
  it('a null currentScenario.scenarioName is no scenario: every VM renders as before', () => {
    const s = snapshot([item(0, (p) => (p.currentScenario = { scenarioName: null, jobId: null })), item(1), item(2)]);
    assert.deepEqual(
      s.hosts[0].vms.map((v) => [v.name, v.status.kind, v.unreadable]),
      [
        ['web-01', 'Protected', undefined],
        ['web-02', 'Protected', undefined],
        ['web-03', 'Protected', undefined],
      ],
    );
  });

  it('a wrong-typed field makes that VM one error row saying what is wrong, with no actions; the others render', () => {
    const s = snapshot([item(0), item(1, (p) => (p.currentScenario = { scenarioName: 42 })), item(2)]);
    const [v1, v2, v3] = s.hosts[0].vms;
    assert.deepEqual([v1.status.kind, v3.status.kind], ['Protected', 'Protected']);
    assert.equal(v2.status.kind, 'Error');
    assert.deepEqual(v2.actions, []);
    assert.equal(v2.contextValue.split(';').includes('testFailover'), false);
    assert.equal(v2.unreadable, 'properties.currentScenario.scenarioName is a number instead of text');
    assert.equal(v2.protection?.itemId?.endsWith(ids[1]), true, 'the item can still be re-read by its id');
    assert.equal(s.counts.protected, 3);

    const model = presentVm(v2, { now: NOW });
    assert.equal(model.label, 'web-02');
    // A short description beside the label (issue 13); the sentence opens the tooltip.
    assert.equal(model.description, 'Unreadable item');
    assert.ok(unescapeMarkdown(model.tooltip).startsWith('**web-02** · Could not read this item from Azure'), model.tooltip);
    assert.equal(model.iconId, 'error');
    assert.match(
      unescapeMarkdown(model.tooltip),
      /Azure answered with an item Site Recovery could not read: properties\.currentScenario\.scenarioName is a number instead of text/,
    );
    assert.doesNotMatch(withoutEscapes(model.tooltip), /Last recovery point/);
  });

  it('an item that names no VM at all is one error row too, on the host of its provider', () => {
    const nameless = item(1);
    const raw = nameless as unknown as Record<string, unknown>;
    raw.id = 7;
    delete raw.name;
    ((raw.properties as Record<string, unknown>).providerSpecificDetails as Record<string, unknown>).vmId = null;
    (raw.properties as Record<string, unknown>).recoveryServicesProviderId = PROVIDER_ID;
    const s = snapshot([item(0), nameless, item(2)]);
    const vms = s.hosts[0].vms;
    assert.equal(vms.length, 4, 'web-01..03 from the host, plus the error row');
    const error = vms.find((v) => v.unreadable !== undefined)!;
    assert.match(error.unreadable!, /^it names no VM .*; id is a number instead of text$/);
    assert.equal(vms.find((v) => v.name === 'web-02')!.status.kind, 'NotProtected', 'its VM cannot be matched');
  });

  it('a registration with a wrong-typed field: the host renders, with one error row saying what is wrong', () => {
    const s = snapshot([item(0)], [provider((p) => (p.connectionStatus = ['Connected']))]);
    const host = s.hosts[0];
    assert.equal(host.provider.registered, true);
    assert.equal(host.provider.unreadable, 'properties.connectionStatus is a list instead of text');
    assert.equal(host.vms.length, 3);
    assert.doesNotThrow(() => presentHost(host));
    const notes = hostNotes(host);
    assert.deepEqual(
      notes.map((n) => [n.id, n.text, n.iconId]),
      [['unreadable:hv01.contoso.local', 'Could not read this item from Azure', 'error']],
    );
    const row = presentMessage(notes[0].text, notes[0].iconId, notes[0].id, notes[0].tooltip);
    assert.equal(unescapeMarkdown(row.tooltip), 'Azure answered with an item Site Recovery could not read: properties.connectionStatus is a list instead of text');
  });

  it('a registration read through guards: wrong types are absent, never a throw', () => {
    const host = toRegisteredHost(
      provider((p) =>
        Object.assign(p, { friendlyName: 5, machineName: 'HV01', lastHeartBeat: new Date(Number.NaN), healthErrorDetails: [null, { errorCode: 708 }, { errorCode: '708' }] }),
      ),
    );
    assert.equal(host.friendlyName, 'HV01');
    assert.equal(host.lastHeartbeat, undefined);
    assert.equal(host.heartbeatMissing, true);
    assert.deepEqual(host.healthErrors, [{}, { code: '708' }]);
    assert.match(
      host.unreadable ?? '',
      /^properties\.friendlyName is a number instead of text; properties\.lastHeartBeat is an invalid date instead of a date; properties\.healthErrorDetails\[0\] is empty instead of an object; and 1 more$/,
    );
  });

  it('host notes: unreachable, then no VMs; none for a host that is fine', () => {
    assert.deepEqual(hostNotes(estateHost({ vms: snapshot([item(0)]).hosts[0].vms })), []);
    assert.deepEqual(
      hostNotes(estateHost({ vms: [] })).map((n) => n.id),
      ['empty:hv01.contoso.local'],
    );
    assert.deepEqual(
      hostNotes(estateHost({ reachable: false, unreachableReason: 'Cannot reach HV01', vms: [] })).map((n) => [n.id, n.text, n.tooltip]),
      [['unreachable:hv01.contoso.local', 'Could not reach this host', 'Cannot reach HV01']],
    );
  });

  it("a policy with a wrong-typed id or interval gives no interval, and no throw (the store's policies)", () => {
    const policies = [
      { id: 42, properties: { providerSpecificDetails: { replicationInterval: 300 } } },
      { id: `${VAULT}/replicationPolicies/P1`, properties: { providerSpecificDetails: { replicationInterval: 'often' } } },
      { id: `${VAULT}/replicationPolicies/P2`, properties: { providerSpecificDetails: { replicationInterval: 30 } } },
    ] as unknown as Policy[];
    assert.equal(policyIntervalSeconds(policies, `${VAULT}/replicationPolicies/P1`), undefined);
    assert.equal(policyIntervalSeconds(policies, `${VAULT}/REPLICATIONPOLICIES/P2`), 30);
  });
});
