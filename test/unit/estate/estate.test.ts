import assert from 'node:assert/strict';
import type { ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { RegisteredHost } from '../../../src/services/azure/providers';
import type { EstateHost, EstateInput, EstateSnapshot, EstateVm, HostProbe, HostSource } from '../../../src/estate';
import { STALE_TOKEN, UNASSIGNED_HOST_KEY, buildEstateSnapshot, diffSnapshots, findHost, findVm, normalizeVmId } from '../../../src/estate';
import { patchProtectedItems } from '../../../src/estate/patch';
import { allVms } from '../../../src/estate';
import { changingAfterPatch, changingOf } from '../../../src/estate/changingVms';
import { HyperVError } from '../../../src/services/hyperv/errors';
import type { HostInfo } from '../../../src/services/hyperv/hostInfo';
import type { HyperVVm } from '../../../src/services/hyperv/vmInventory';

// ---------------------------------------------------------------------------------------------
// Builders: the shapes PowerShell and ASR give (see lab/scenarios/essentials.json and
// reference/asr-recordings).

const VAULT = '/Subscriptions/1f4c2b8e-6a3d-4e5f-9b7c-0d1e2f3a4b5c/resourceGroups/RAM-DR-RG/providers/Microsoft.RecoveryServices/vaults/RAM-Vault';
const FABRIC = 'RAM-Site';
const CONTAINER = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';

const PROVIDER = {
  h17: '71f21bed-b00f-4869-9dbf-288e7cb4051d',
  ess: 'b1d7a7c2-5c43-4a8e-9f0e-3f2b7f1c9e11',
  h3: '0c4f8e2a-7d61-4b59-8a3e-9d2c1b0a7f66',
  gone: 'deadbeef-0000-4000-8000-000000000001',
} as const;

function providerId(guid: string): string {
  return `${VAULT}/replicationFabrics/${FABRIC}/replicationRecoveryServicesProviders/${guid}`;
}

const VM = {
  v01: '3f2a6c1e-8b4d-4e2f-9a1c-5d6e7f8a9b01',
  v02: '3f2a6c1e-8b4d-4e2f-9a1c-5d6e7f8a9b02',
  v03: '3f2a6c1e-8b4d-4e2f-9a1c-5d6e7f8a9b03',
  missing: '3f2a6c1e-8b4d-4e2f-9a1c-5d6e7f8a9b04',
  h2a: 'a1b2c3d4-0000-4000-8000-000000002a01',
  h2b: 'a1b2c3d4-0000-4000-8000-000000002a02',
  ess1: 'e55e0001-1111-4222-8333-444455556666',
  h3a: 'c3c3c3c3-1234-4abc-8def-000000000301',
  orphan: '0fa0fa0f-aaaa-4bbb-8ccc-dddddddddddd',
  lab1: '1ab1ab1a-9999-4888-8777-666655554444',
} as const;

interface HostInfoOptions {
  osCaption?: string;
  osBuild?: number;
  isServerCore?: boolean;
  cluster?: string;
  installed?: boolean;
  version?: string;
  registered?: boolean;
  vaultName?: string;
}

function hostInfo(name: string, fqdn: string, o: HostInfoOptions = {}): HostInfo {
  const info: HostInfo = {
    name,
    fqdn,
    osCaption: o.osCaption ?? 'Microsoft Windows Server 2019 Datacenter',
    osBuild: o.osBuild ?? 17763,
    isServerCore: o.isServerCore ?? false,
    hyperVModule: true,
    provider: { installed: o.installed ?? true, registered: o.registered ?? true },
  };
  if (o.cluster !== undefined) {
    info.cluster = o.cluster;
  }
  if (o.version !== undefined) {
    info.provider.version = o.version;
  }
  if (o.vaultName !== undefined) {
    info.provider.vaultName = o.vaultName;
    info.provider.siteName = FABRIC;
  }
  return info;
}

function vm(name: string, vmId: string): HyperVVm {
  return {
    name,
    vmId,
    state: 'Running',
    generation: 2,
    processorCount: 2,
    memoryStartupBytes: 4 * 1024 ** 3,
    replicationState: 'Disabled',
    replicationHealth: 'NotApplicable',
    isClustered: false,
    hasFibreChannelAdapter: false,
    disks: [
      {
        path: `D:\\Hyper-V\\${name}\\${name}-os.vhdx`,
        controllerType: 'SCSI',
        controllerNumber: 0,
        controllerLocation: 0,
        vhdFormat: 'VHDX',
        vhdType: 'Dynamic',
        sizeBytes: 127 * 1024 ** 3,
        shared: false,
      },
    ],
    networkAdapters: [{ name: 'Network Adapter', switchName: 'External', macAddress: '00155D010203' }],
  };
}

function registered(fqdn: string, guid: string, o: Partial<RegisteredHost> = {}): RegisteredHost {
  return {
    id: providerId(guid),
    name: guid,
    friendlyName: fqdn,
    fabricName: FABRIC,
    connectionStatus: 'Connected',
    lastHeartbeat: new Date('2026-11-25T09:58:00Z'),
    providerVersion: '5.24.0827.5',
    heartbeatMissing: false,
    healthErrors: [],
    ...o,
  };
}

const PROTECTED_OPS = ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover'];

interface ItemOptions {
  /** The item's name (defaults to the VMId, as ASR names Hyper-V items). */
  name?: string;
  /** HyperVReplicaAzure details vmId (defaults to the VMId). */
  detailsVmId?: string;
  providerGuid?: string;
  providerIdText?: string;
  protectionState?: string;
  allowedOperations?: string[];
  progress?: string;
}

function protectedItem(vmId: string, friendlyName: string, o: ItemOptions = {}): ReplicationProtectedItem {
  const name = o.name ?? vmId;
  const rsp = o.providerIdText ?? (o.providerGuid !== undefined ? providerId(o.providerGuid) : undefined);
  return {
    id: `${VAULT}/replicationFabrics/${FABRIC}/replicationProtectionContainers/${CONTAINER}/replicationProtectedItems/${name}`,
    name,
    type: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems',
    properties: {
      friendlyName,
      protectedItemType: 'HyperVVirtualMachine',
      recoveryServicesProviderId: rsp,
      primaryFabricFriendlyName: FABRIC,
      protectionState: o.protectionState ?? 'Protected',
      protectionStateDescription: o.protectionState === 'InitialReplicationInProgress' ? 'Initial replication in progress' : 'Protected',
      activeLocation: 'Primary',
      testFailoverState: 'None',
      allowedOperations: o.allowedOperations ?? PROTECTED_OPS,
      replicationHealth: 'Normal',
      healthErrors: [],
      currentScenario: { scenarioName: 'None', jobId: `${VAULT}/replicationJobs/None` },
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        vmId: o.detailsVmId ?? vmId,
        vmProtectionState: o.protectionState ?? 'Protected',
        initialReplicationDetails: { initialReplicationType: 'InitialReplication', initialReplicationProgressPercentage: o.progress ?? '100' },
      },
    },
  };
}

function protectable(vmId: string, friendlyName: string, providerGuid: string, protectionStatus = 'Unprotected'): ProtectableItem {
  return {
    id: `${VAULT}/replicationFabrics/${FABRIC}/replicationProtectionContainers/${CONTAINER}/replicationProtectableItems/${vmId}`,
    name: vmId,
    properties: {
      friendlyName,
      protectionStatus,
      recoveryServicesProviderId: providerId(providerGuid),
      protectionReadinessErrors: [],
      supportedReplicationProviders: ['HyperVReplicaAzure'],
      customDetails: {
        instanceType: 'HyperVVirtualMachine',
        sourceItemId: vmId,
        generation: '2',
        hasPhysicalDisk: 'NotPresent',
        hasFibreChannelAdapter: 'NotPresent',
        hasSharedVhd: 'NotPresent',
      },
    },
  };
}

const T0 = new Date('2026-11-25T10:00:00Z');
const T1 = new Date('2026-11-25T10:05:00Z');

function ok(info: HostInfo, vms: HyperVVm[], at = T1): HostProbe {
  return { ok: true, info, vms, at };
}

function unreachable(host: string, at = T1): HostProbe {
  return {
    ok: false,
    error: new HyperVError('HostUnreachable', `Cannot reach ${host}: check that the host is on and its name resolves, then retry.`, { host }),
    at,
  };
}

function input(parts: Partial<EstateInput> & { hostSources: { name: string; source: HostSource }[] }): EstateInput {
  return { now: T1, probes: new Map(), registeredHosts: [], protectedItems: [], ...parts };
}

function host(s: EstateSnapshot, key: string): EstateHost {
  const h = s.hosts.find((x) => x.key === key);
  assert.ok(h, `host ${key} in ${s.hosts.map((x) => x.key).join(', ')}`);
  return h;
}

function vmNames(h: EstateHost): string[] {
  return h.vms.map((v) => v.name);
}

function theVm(s: EstateSnapshot, vmId: string): EstateVm {
  const v = findVm(s, vmId);
  assert.ok(v, `VM ${vmId}`);
  return v;
}

// ---------------------------------------------------------------------------------------------
// The small office: RAM-H1-7 (registered, reachable), RAM-H1-2 (unreachable now), RAM-ESS
// (registered, heartbeat missing), RAM-H3 (vault only) and RAM-LAB9 (setting only, 2012).

const H17 = 'ram-h1-7.contoso.local';
const H12 = 'ram-h1-2.contoso.local';
const ESS = 'ram-ess.contoso.local';
const H3 = 'ram-h3.contoso.local';

function officeSources(): { name: string; source: HostSource }[] {
  return [
    { name: 'RAM-H1-7', source: 'local' },
    { name: 'RAM-H1-2', source: 'setting' },
    { name: 'RAM-LAB9', source: 'setting' },
    { name: 'RAM-ESS.contoso.local', source: 'activeDirectory' },
    { name: 'RAM-H1-7.contoso.local', source: 'activeDirectory' },
  ];
}

function officeRegistered(): RegisteredHost[] {
  return [
    registered('RAM-H1-7.contoso.local', PROVIDER.h17),
    registered('RAM-ESS.contoso.local', PROVIDER.ess, {
      connectionStatus: 'NotConnected',
      heartbeatMissing: true,
      lastHeartbeat: new Date('2026-11-20T08:00:00Z'),
      healthErrors: [{ code: '708', severity: 'Error', message: 'The heartbeat from the provider is missing.' }],
    }),
    registered('RAM-H3.contoso.local', PROVIDER.h3),
  ];
}

function officeItems(): ReplicationProtectedItem[] {
  return [
    // Named by the VMId in upper case: matched case-insensitively.
    protectedItem(VM.v01.toUpperCase(), 'ramh157v01', { providerGuid: PROVIDER.h17, detailsVmId: VM.v01.toUpperCase() }),
    // Named otherwise; the HyperVReplicaAzure vmId (braced, upper case) names the VM.
    protectedItem(VM.v03, 'ramh157v03', {
      name: 'ramh157v03-item',
      detailsVmId: `{${VM.v03.toUpperCase()}}`,
      providerGuid: PROVIDER.h17,
      protectionState: 'InitialReplicationInProgress',
      allowedOperations: ['DisableProtection'],
      progress: '42',
    }),
    // Protected, but missing from RAM-H1-7's inventory.
    protectedItem(VM.missing, 'ramh157v04', { providerGuid: PROVIDER.h17 }),
    // RAM-H1-2's VM; its item names RAM-H1-7's provider (e.g. registered before a migration): inventory wins.
    protectedItem(VM.h2a, 'ramh12v01', { providerGuid: PROVIDER.h17 }),
    protectedItem(VM.h3a, 'ramh3v01', { providerGuid: PROVIDER.h3 }),
    protectedItem(VM.ess1, 'ramessv01', { providerGuid: PROVIDER.ess }),
    protectedItem(VM.orphan, 'old-fileserver', { providerGuid: PROVIDER.gone }),
  ];
}

/** The snapshot from before: RAM-H1-2 was reachable with two VMs. */
function previousSnapshot(): EstateSnapshot {
  return buildEstateSnapshot(
    input({
      now: T0,
      hostSources: [{ name: 'RAM-H1-2', source: 'setting' }],
      probes: new Map([
        ['ram-h1-2', ok(hostInfo('RAM-H1-2', 'RAM-H1-2.contoso.local', { cluster: 'RAM-CL1', version: '5.24.0827.5' }), [vm('ramh12v01', VM.h2a), vm('ramh12v02', VM.h2b)], T0)],
      ]),
    }),
  );
}

function officeInput(): EstateInput {
  return input({
    hostSources: officeSources(),
    probes: new Map<string, HostProbe>([
      [
        'ram-h1-7',
        ok(hostInfo('RAM-H1-7', 'RAM-H1-7.contoso.local', { version: '5.24.0827.5', cluster: undefined }), [
          vm('ramh157v01', VM.v01),
          vm('ramh157v02', VM.v02),
          vm('ramh157v03', VM.v03),
        ]),
      ],
      ['ram-h1-2', unreachable('RAM-H1-2')],
      [
        'ram-lab9',
        ok(hostInfo('RAM-LAB9', 'RAM-LAB9.contoso.local', { osCaption: 'Microsoft Windows Server 2012 Datacenter', osBuild: 9200, installed: false, registered: false }), [
          vm('lab-v1', VM.lab1),
        ]),
      ],
      [
        'ram-ess.contoso.local',
        ok(hostInfo('RAM-ESS', 'RAM-ESS.contoso.local', { osCaption: 'Microsoft Windows Server 2012 R2 Essentials', osBuild: 9600, version: '5.1.3400.0' }), [
          vm('ramessv01', VM.ess1),
        ]),
      ],
    ]),
    previous: previousSnapshot(),
    registeredHosts: officeRegistered(),
    protectedItems: officeItems(),
  });
}

// ---------------------------------------------------------------------------------------------

describe('estate', () => {
  describe('hosts from every source', () => {
    const s = buildEstateSnapshot(officeInput());

    it('de-duplicates a short name, an FQDN from AD and the vault registration into one host keyed by the lower-case FQDN', () => {
      const hs = s.hosts.filter((h) => h.key.startsWith('ram-h1-7'));
      assert.equal(hs.length, 1);
      assert.equal(hs[0].key, H17);
      assert.equal(hs[0].name, 'RAM-H1-7');
      assert.equal(hs[0].fqdn, 'RAM-H1-7.contoso.local');
      assert.deepEqual(hs[0].sources, ['local', 'activeDirectory', 'vault']);
    });

    it('lists every host once, sorted by name case-insensitively', () => {
      assert.deepEqual(
        s.hosts.map((h) => h.name),
        ['RAM-ESS', 'RAM-H1-2', 'RAM-H1-7', 'RAM-H3', 'RAM-LAB9'],
      );
      assert.equal(s.counts.hosts, 5);
    });

    it('a host known only to the vault is there with its provider, not probed, OS unknown', () => {
      const h = host(s, H3);
      assert.deepEqual(h.sources, ['vault']);
      assert.equal(h.name, 'RAM-H3');
      assert.equal(h.probed, false);
      assert.equal(h.reachable, false);
      assert.equal(h.unreachableReason, undefined);
      assert.equal(h.supported, undefined);
      assert.equal(h.provider.registered, true);
      assert.equal(h.provider.installed, true, 'a vault registration implies the provider is installed');
      assert.equal(h.provider.version, '5.24.0827.5');
    });

    it('a host known only to a setting is there, not registered', () => {
      const h = host(s, 'ram-lab9.contoso.local');
      assert.deepEqual(h.sources, ['setting']);
      assert.equal(h.provider.registered, false);
      assert.equal(h.provider.installed, false);
      assert.equal(h.provider.connected, undefined);
    });

    it('matches hosts case-insensitively across sources', () => {
      const snap = buildEstateSnapshot(
        input({
          hostSources: [
            { name: 'ram-h1-7', source: 'setting' },
            { name: 'RAM-H1-7', source: 'activeDirectory' },
          ],
          registeredHosts: [registered('ram-h1-7.CONTOSO.local', PROVIDER.h17)],
        }),
      );
      assert.equal(snap.hosts.length, 1);
      assert.equal(snap.hosts[0].key, H17);
      assert.deepEqual(snap.hosts[0].sources, ['setting', 'activeDirectory', 'vault']);
    });

    it('keeps two FQDNs that share a first label apart; a short name joins the first', () => {
      const snap = buildEstateSnapshot(
        input({
          hostSources: [
            { name: 'HV01.contoso.local', source: 'activeDirectory' },
            { name: 'HV01.fabrikam.local', source: 'activeDirectory' },
            { name: 'hv01', source: 'setting' },
          ],
        }),
      );
      assert.deepEqual(
        snap.hosts.map((h) => [h.key, h.sources]),
        [
          ['hv01.contoso.local', ['setting', 'activeDirectory']],
          ['hv01.fabrikam.local', ['activeDirectory']],
        ],
      );
    });

    it('uses the lower-case name as key while no FQDN is known', () => {
      const snap = buildEstateSnapshot(input({ hostSources: [{ name: 'RAM-NEW', source: 'setting' }], probes: new Map([['ram-new', unreachable('RAM-NEW')]]) }));
      assert.equal(snap.hosts[0].key, 'ram-new');
      assert.equal(snap.hosts[0].fqdn, undefined);
      assert.equal(snap.hosts[0].name, 'RAM-NEW');
    });

    it('learns the FQDN from the probe, and so joins a short setting name to its vault registration', () => {
      const snap = buildEstateSnapshot(
        input({
          hostSources: [{ name: 'RAM-H1-7', source: 'setting' }],
          probes: new Map([['ram-h1-7', ok(hostInfo('RAM-H1-7', 'RAM-H1-7.contoso.local'), [])]]),
          registeredHosts: [registered('RAM-H1-7.contoso.local', PROVIDER.h17)],
        }),
      );
      assert.equal(snap.hosts.length, 1);
      assert.equal(snap.hosts[0].key, H17);
      assert.equal(snap.hosts[0].provider.registered, true);
    });

    it('joins the local computer probed as "localhost" to its registration through the FQDN the probe reports', () => {
      const snap = buildEstateSnapshot(
        input({
          hostSources: [{ name: 'localhost', source: 'local' }],
          probes: new Map([['localhost', ok(hostInfo('RAM-H1-7', 'RAM-H1-7.contoso.local'), [vm('ramh157v01', VM.v01)])]]),
          registeredHosts: [registered('RAM-H1-7.contoso.local', PROVIDER.h17)],
        }),
      );
      assert.equal(snap.hosts.length, 1);
      assert.equal(snap.hosts[0].name, 'RAM-H1-7');
      assert.deepEqual(snap.hosts[0].sources, ['local', 'vault']);
    });

    it('finds a probe keyed by the FQDN for a host a source names by its short name', () => {
      const snap = buildEstateSnapshot(
        input({
          hostSources: [{ name: 'RAM-ESS', source: 'setting' }],
          probes: new Map([
            ['RAM-ESS.contoso.local', ok(hostInfo('RAM-ESS', 'RAM-ESS.contoso.local', { osBuild: 9600, osCaption: 'Microsoft Windows Server 2012 R2 Essentials' }), [])],
          ]),
        }),
      );
      assert.equal(snap.hosts[0].key, ESS);
      assert.equal(snap.hosts[0].reachable, true);
      assert.equal(snap.hosts[0].osBuild, 9600);
    });

    it('ignores blank names and a trailing dot on an FQDN', () => {
      const snap = buildEstateSnapshot(
        input({
          hostSources: [
            { name: '  ', source: 'setting' },
            { name: 'RAM-H3.contoso.local.', source: 'activeDirectory' },
          ],
          registeredHosts: [registered('RAM-H3.contoso.local', PROVIDER.h3)],
        }),
      );
      assert.deepEqual(
        snap.hosts.map((h) => h.key),
        [H3],
      );
    });

    it('prefers the connected provider when a host is registered twice', () => {
      const snap = buildEstateSnapshot(
        input({
          hostSources: [],
          registeredHosts: [
            registered('RAM-H3.contoso.local', PROVIDER.gone, { connectionStatus: 'NotConnected', providerVersion: '5.1.0.0' }),
            registered('RAM-H3.contoso.local', PROVIDER.h3),
          ],
        }),
      );
      assert.equal(snap.hosts.length, 1);
      assert.equal(snap.hosts[0].provider.connected, true);
      assert.equal(snap.hosts[0].provider.providerName, PROVIDER.h3);
    });
  });

  describe('host facts', () => {
    const s = buildEstateSnapshot(officeInput());

    it('a reachable host has its OS, cluster, provider and lastSeen from the probe', () => {
      const h = host(s, H17);
      assert.equal(h.reachable, true);
      assert.equal(h.probed, true);
      assert.equal(h.osCaption, 'Microsoft Windows Server 2019 Datacenter');
      assert.equal(h.osBuild, 17763);
      assert.equal(h.isServerCore, false);
      assert.equal(h.supported, true);
      assert.equal(h.supportReason, undefined);
      assert.equal(h.cluster, undefined);
      assert.deepEqual(h.lastSeen, T1);
    });

    it('a registered, connected host carries the vault view of its provider', () => {
      const p = host(s, H17).provider;
      assert.equal(p.registered, true);
      assert.equal(p.connected, true);
      assert.equal(p.heartbeatMissing, false);
      assert.equal(p.fabricName, FABRIC);
      assert.deepEqual(p.lastHeartbeat, new Date('2026-11-25T09:58:00Z'));
      assert.equal(p.version, '5.24.0827.5');
      assert.deepEqual(p.hostRegistration, {});
    });

    it('RAM-ESS: registered but the heartbeat is missing, so not connected', () => {
      const h = host(s, ESS);
      assert.equal(h.reachable, true);
      assert.equal(h.provider.registered, true);
      assert.equal(h.provider.connected, false);
      assert.equal(h.provider.heartbeatMissing, true);
      assert.deepEqual(h.provider.lastHeartbeat, new Date('2026-11-20T08:00:00Z'));
      assert.equal(h.provider.version, '5.1.3400.0', "the host's own provider version wins");
    });

    it('Windows Server 2012 R2 is supported', () => {
      const h = host(s, ESS);
      assert.equal(h.supported, true);
      assert.equal(h.supportReason, undefined);
    });

    it('Windows Server 2012 is not supported, with the reason', () => {
      const h = host(s, 'ram-lab9.contoso.local');
      assert.equal(h.supported, false);
      assert.match(h.supportReason ?? '', /RAM-LAB9/);
      assert.match(h.supportReason ?? '', /Windows Server 2012 Datacenter/);
      assert.match(h.supportReason ?? '', /2012 R2 or later/);
    });

    it('Windows Server 2019 Server Core is not supported; 2022 Server Core is', () => {
      const probeFor = (build: number, caption: string): EstateHost =>
        buildEstateSnapshot(
          input({
            hostSources: [{ name: 'HVCORE', source: 'setting' }],
            probes: new Map([['hvcore', ok(hostInfo('HVCORE', 'HVCORE.contoso.local', { osBuild: build, osCaption: caption, isServerCore: true }), [])]]),
          }),
        ).hosts[0];
      const core2019 = probeFor(17763, 'Microsoft Windows Server 2019 Standard');
      assert.equal(core2019.supported, false);
      assert.match(core2019.supportReason ?? '', /Server Core/);
      assert.equal(probeFor(20348, 'Microsoft Windows Server 2022 Standard').supported, true);
    });

    it('a client Windows is not a supported host', () => {
      const h = buildEstateSnapshot(
        input({
          hostSources: [{ name: 'DESKTOP-1', source: 'local' }],
          probes: new Map([['desktop-1', ok(hostInfo('DESKTOP-1', 'DESKTOP-1.contoso.local', { osCaption: 'Microsoft Windows 11 Pro', osBuild: 22631 }), [])]]),
        }),
      ).hosts[0];
      assert.equal(h.supported, false);
      assert.match(h.supportReason ?? '', /Windows 11 Pro/);
    });

    it('a provider installed but not registered, and one registered to another vault', () => {
      const snap = buildEstateSnapshot(
        input({
          hostSources: [
            { name: 'HVA', source: 'setting' },
            { name: 'HVB', source: 'setting' },
          ],
          probes: new Map([
            ['hva', ok(hostInfo('HVA', 'HVA.contoso.local', { installed: true, registered: false, version: '5.24.0827.5' }), [])],
            ['hvb', ok(hostInfo('HVB', 'HVB.contoso.local', { installed: true, registered: true, vaultName: 'Other-Vault' }), [])],
          ]),
        }),
      );
      const a = host(snap, 'hva.contoso.local');
      assert.deepEqual(a.provider, { installed: true, version: '5.24.0827.5', registered: false });
      const b = host(snap, 'hvb.contoso.local');
      assert.equal(b.provider.registered, false, 'not registered in this vault');
      assert.deepEqual(b.provider.hostRegistration, { vaultName: 'Other-Vault', siteName: FABRIC });
    });
  });

  describe('a host that cannot be reached', () => {
    const s = buildEstateSnapshot(officeInput());
    const h12 = host(s, H12);

    it('stays in the tree, keyed by the FQDN it had, with the reason and the error code', () => {
      assert.equal(h12.name, 'RAM-H1-2');
      assert.equal(h12.fqdn, 'RAM-H1-2.contoso.local');
      assert.equal(h12.reachable, false);
      assert.equal(h12.probed, true);
      assert.equal(h12.unreachableReason, 'Cannot reach RAM-H1-2: check that the host is on and its name resolves, then retry.');
      assert.equal(h12.unreachableCode, 'HostUnreachable');
      assert.deepEqual(h12.sources, ['setting']);
    });

    it('keeps its last known VMs, marked stale', () => {
      assert.deepEqual(vmNames(h12), ['ramh12v01', 'ramh12v02']);
      assert.ok(h12.vms.every((v) => v.stale));
      assert.ok(h12.vms.every((v) => v.hyperV !== undefined));
      assert.ok(h12.vms.every((v) => v.hostKey === H12));
    });

    it("adds the 'stale' token to their contextValue", () => {
      const v = theVm(s, VM.h2b);
      assert.equal(v.contextValue, `vm;notProtected;enableProtection;${STALE_TOKEN}`);
    });

    it('keeps its last known OS facts and when it was last seen', () => {
      assert.equal(h12.osBuild, 17763);
      assert.equal(h12.osCaption, 'Microsoft Windows Server 2019 Datacenter');
      assert.equal(h12.cluster, 'RAM-CL1');
      assert.equal(h12.supported, true);
      assert.equal(h12.provider.version, '5.24.0827.5');
      assert.deepEqual(h12.lastSeen, T0);
    });

    it('a stale VM still takes its status from the current protected item', () => {
      const v = theVm(s, VM.h2a);
      assert.equal(v.stale, true);
      assert.equal(v.status.kind, 'Protected');
      assert.equal(v.hostKey, H12, 'inventory places it, whatever provider the item names');
      assert.equal(v.contextValue, 'vm;protected;testFailover;plannedFailover;unplannedFailover;disableProtection;stale');
      assert.equal(h12.protectedCount, 1);
    });

    it('without a previous snapshot it has no VMs but still the reason; a plain Error gives no code', () => {
      const snap = buildEstateSnapshot(
        input({
          hostSources: [{ name: 'RAM-H1-2', source: 'setting' }],
          probes: new Map([['ram-h1-2', { ok: false, error: new Error('WinRM cannot complete the operation.'), at: T1 }]]),
        }),
      );
      const h = snap.hosts[0];
      assert.equal(h.key, 'ram-h1-2');
      assert.deepEqual(h.vms, []);
      assert.equal(h.unreachableReason, 'WinRM cannot complete the operation.');
      assert.equal(h.unreachableCode, undefined);
      assert.equal(h.supported, undefined);
      assert.equal(h.lastSeen, undefined);
    });

    it('stays unreachable with the same stale VMs over several rounds', () => {
      const again = buildEstateSnapshot({ ...officeInput(), previous: s, probes: new Map([['ram-h1-2', unreachable('RAM-H1-2')]]) });
      const h = host(again, H12);
      assert.deepEqual(vmNames(h), ['ramh12v01', 'ramh12v02']);
      assert.ok(h.vms.every((v) => v.stale));
      assert.deepEqual(h.lastSeen, T0);
    });

    it('when it answers again its VMs are current, and a VM gone from it is gone', () => {
      const back = buildEstateSnapshot({
        ...officeInput(),
        previous: s,
        probes: new Map([['ram-h1-2', ok(hostInfo('RAM-H1-2', 'RAM-H1-2.contoso.local'), [vm('ramh12v01', VM.h2a)])]]),
      });
      const h = host(back, H12);
      assert.equal(h.reachable, true);
      assert.equal(h.unreachableReason, undefined);
      assert.deepEqual(vmNames(h), ['ramh12v01']);
      assert.equal(h.vms[0].stale, false);
      assert.ok(!h.vms[0].contextValue.includes(STALE_TOKEN));
    });

    it('a host not probed this round keeps what the previous snapshot knew, VMs not stale', () => {
      const again = buildEstateSnapshot({ ...officeInput(), previous: s, probes: new Map() });
      const h17 = host(again, H17);
      assert.equal(h17.reachable, true);
      assert.deepEqual(vmNames(h17), vmNames(host(s, H17)));
      assert.ok(h17.vms.every((v) => !v.stale));
      assert.deepEqual(h17.lastSeen, T1);
      const h12Again = host(again, H12);
      assert.equal(h12Again.unreachableReason, h12.unreachableReason);
      assert.ok(h12Again.vms.every((v) => v.stale));
    });

    it('a VM that moved from the unreachable host to a reachable one appears once, current', () => {
      const snap = buildEstateSnapshot({
        ...officeInput(),
        probes: new Map([
          ['ram-h1-2', unreachable('RAM-H1-2')],
          ['ram-h1-7', ok(hostInfo('RAM-H1-7', 'RAM-H1-7.contoso.local'), [vm('ramh12v02', VM.h2b)])],
        ]),
      });
      const v = theVm(snap, VM.h2b);
      assert.equal(v.hostKey, H17);
      assert.equal(v.stale, false);
      assert.deepEqual(vmNames(host(snap, H12)), ['ramh12v01']);
    });

    it('a host no source names any more is dropped', () => {
      const snap = buildEstateSnapshot(input({ hostSources: [{ name: 'RAM-H1-7', source: 'local' }], previous: s }));
      assert.deepEqual(
        snap.hosts.map((h) => h.key),
        [H17],
      );
    });
  });

  describe('VMs and protection', () => {
    const s = buildEstateSnapshot(officeInput());
    const h17 = host(s, H17);

    it('matches a VM to a protected item named by its VMId in another case', () => {
      const v = theVm(s, VM.v01);
      assert.equal(v.key, VM.v01);
      assert.equal(v.vmId, VM.v01);
      assert.ok(v.protection);
      assert.equal(v.protection.itemName, VM.v01.toUpperCase());
      assert.ok(v.hyperV);
      assert.equal(v.status.kind, 'Protected');
    });

    it("matches a VM through the HyperVReplicaAzure vmId (braces, upper case) when the item's name is not the VMId", () => {
      const v = theVm(s, VM.v03);
      assert.equal(v.protection?.itemName, 'ramh157v03-item');
      assert.equal(v.status.kind, 'Replicating');
      assert.equal(v.status.progressPercent, 42);
      assert.deepEqual(v.actions, ['disableProtection']);
    });

    it('a VM that is not protected offers only enable protection', () => {
      const v = theVm(s, VM.v02);
      assert.equal(v.protection, undefined);
      assert.equal(v.status.kind, 'NotProtected');
      assert.deepEqual(v.actions, ['enableProtection']);
      assert.equal(v.contextValue, 'vm;notProtected;enableProtection');
    });

    it("actions and contextValue come from the item's allowedOperations", () => {
      const v = theVm(s, VM.v01);
      assert.deepEqual(v.actions, ['testFailover', 'plannedFailover', 'unplannedFailover', 'disableProtection']);
      assert.equal(v.contextValue, 'vm;protected;testFailover;plannedFailover;unplannedFailover;disableProtection');
    });

    it('a VM protected but missing from the inventory shows under the host of its provider, named from ASR', () => {
      const v = theVm(s, VM.missing);
      assert.equal(v.hostKey, H17);
      assert.equal(v.name, 'ramh157v04');
      assert.equal(v.hyperV, undefined);
      assert.equal(v.stale, false);
      assert.deepEqual(vmNames(h17), ['ramh157v01', 'ramh157v02', 'ramh157v03', 'ramh157v04']);
    });

    it('a host known only to the vault shows its protected VMs from ASR', () => {
      const h = host(s, H3);
      assert.deepEqual(vmNames(h), ['ramh3v01']);
      assert.equal(h.vms[0].status.kind, 'Protected');
      assert.equal(h.protectedCount, 1);
    });

    it('a protected item whose provider is unknown goes to unassignedVms', () => {
      assert.deepEqual(
        s.unassignedVms.map((v) => [v.name, v.hostKey]),
        [['old-fileserver', UNASSIGNED_HOST_KEY]],
      );
    });

    it('protectedCount counts VMs with a protected item; counts add up', () => {
      assert.equal(h17.protectedCount, 3);
      assert.equal(host(s, ESS).protectedCount, 1);
      assert.equal(host(s, 'ram-lab9.contoso.local').protectedCount, 0);
      assert.deepEqual(s.counts, { hosts: 5, vms: 10, protected: 7 });
    });

    it('matches the provider by its ARM id in any case, or by its name alone', () => {
      const snap = buildEstateSnapshot(
        input({
          hostSources: [],
          registeredHosts: [registered('RAM-H3.contoso.local', PROVIDER.h3)],
          protectedItems: [
            protectedItem(VM.h3a, 'by-id', { providerIdText: providerId(PROVIDER.h3).toLowerCase() }),
            protectedItem(VM.orphan, 'by-name', { providerIdText: PROVIDER.h3.toUpperCase() }),
          ],
        }),
      );
      assert.deepEqual(vmNames(host(snap, H3)), ['by-id', 'by-name']);
      assert.deepEqual(snap.unassignedVms, []);
    });

    it('a protected item with no provider stays on the host the previous snapshot had it on', () => {
      const first = buildEstateSnapshot(officeInput());
      const item = protectedItem(VM.missing, 'ramh157v04', { providerIdText: '' });
      const next = buildEstateSnapshot({ ...officeInput(), previous: first, protectedItems: [item] });
      assert.equal(theVm(next, VM.missing).hostKey, H17);
      assert.deepEqual(next.unassignedVms, []);
    });

    it('a protected item with no provider id and no history is unassigned', () => {
      const snap = buildEstateSnapshot(input({ hostSources: [], protectedItems: [protectedItem(VM.orphan, 'old-fileserver')] }));
      assert.equal(snap.unassignedVms.length, 1);
      assert.deepEqual(snap.counts, { hosts: 0, vms: 1, protected: 1 });
    });

    it('attaches the protectable item to an inventory VM for readiness checks', () => {
      const snap = buildEstateSnapshot({ ...officeInput(), protectableItems: [protectable(VM.v02.toUpperCase(), 'ramh157v02', PROVIDER.h17)] });
      const v = theVm(snap, VM.v02);
      assert.equal(v.protectable?.friendlyName, 'ramh157v02');
      assert.ok(v.hyperV);
    });

    it('a VM only ASR lists (protectable) shows on a host PowerShell could not list, not on one it could', () => {
      const extra = '99999999-8888-4777-8666-555544443333';
      const snap = buildEstateSnapshot({
        ...officeInput(),
        protectableItems: [protectable(extra, 'ramh3v02', PROVIDER.h3), protectable('77777777-8888-4777-8666-555544443333', 'deleted-vm', PROVIDER.h17)],
      });
      assert.deepEqual(vmNames(host(snap, H3)), ['ramh3v01', 'ramh3v02']);
      const v = theVm(snap, extra);
      assert.equal(v.status.kind, 'NotProtected');
      assert.deepEqual(v.actions, ['enableProtection']);
      assert.equal(v.hyperV, undefined);
      assert.equal(findVm(snap, '77777777-8888-4777-8666-555544443333'), undefined, 'RAM-H1-7 answered without it');
    });

    it('a protectable item that ASR calls protected does not invent an unprotected VM', () => {
      const snap = buildEstateSnapshot({ ...officeInput(), protectableItems: [protectable('12121212-3434-4565-8787-909090909090', 'ghost', PROVIDER.h3, 'Protected')] });
      assert.equal(findVm(snap, '12121212-3434-4565-8787-909090909090'), undefined);
    });

    it('sorts VMs by name case-insensitively, numbers in order', () => {
      const snap = buildEstateSnapshot(
        input({
          hostSources: [{ name: 'HV', source: 'setting' }],
          probes: new Map([
            [
              'hv',
              ok(hostInfo('HV', 'HV.contoso.local'), [
                vm('web10', '00000000-0000-4000-8000-000000000010'),
                vm('Web2', '00000000-0000-4000-8000-000000000002'),
                vm('app', '00000000-0000-4000-8000-000000000001'),
                vm('WEB1', '00000000-0000-4000-8000-000000000003'),
              ]),
            ],
          ]),
        }),
      );
      assert.deepEqual(vmNames(snap.hosts[0]), ['app', 'WEB1', 'Web2', 'web10']);
    });

    it('sorts hosts by name case-insensitively', () => {
      const snap = buildEstateSnapshot(
        input({
          hostSources: [
            { name: 'hv10', source: 'setting' },
            { name: 'HV2', source: 'setting' },
            { name: 'alpha', source: 'setting' },
            { name: 'Beta', source: 'setting' },
          ],
        }),
      );
      assert.deepEqual(
        snap.hosts.map((h) => h.name),
        ['alpha', 'Beta', 'HV2', 'hv10'],
      );
    });

    it('a VMId listed by two reachable hosts appears once, on the first host', () => {
      const snap = buildEstateSnapshot(
        input({
          hostSources: [
            { name: 'HVB', source: 'setting' },
            { name: 'HVA', source: 'setting' },
          ],
          probes: new Map([
            ['hva', ok(hostInfo('HVA', 'HVA.contoso.local'), [vm('clustered', VM.v01)])],
            ['hvb', ok(hostInfo('HVB', 'HVB.contoso.local'), [vm('clustered', VM.v01.toUpperCase())])],
          ]),
        }),
      );
      assert.equal(snap.counts.vms, 1);
      assert.equal(theVm(snap, VM.v01).hostKey, 'hva.contoso.local');
    });

    it('is pure: the same input gives the same snapshot, and the inputs are not changed', () => {
      const a = officeInput();
      const before = JSON.stringify({ ...a, probes: [...a.probes], previous: a.previous });
      const s1 = buildEstateSnapshot(a);
      const s2 = buildEstateSnapshot(a);
      assert.deepEqual(s1, s2);
      assert.equal(JSON.stringify({ ...a, probes: [...a.probes], previous: a.previous }), before);
      assert.equal(s1.takenAt, a.now);
    });
  });

  describe('findVm and findHost', () => {
    const s = buildEstateSnapshot(officeInput());

    it('findVm ignores case and braces, and finds unassigned VMs too', () => {
      assert.equal(findVm(s, `{${VM.v02.toUpperCase()}}`)?.name, 'ramh157v02');
      assert.equal(findVm(s, VM.orphan)?.hostKey, UNASSIGNED_HOST_KEY);
      assert.equal(findVm(s, '00000000-0000-0000-0000-000000000000'), undefined);
    });

    it('findHost by key, FQDN in any case, or short name', () => {
      assert.equal(findHost(s, H17)?.name, 'RAM-H1-7');
      assert.equal(findHost(s, 'RAM-ESS.CONTOSO.LOCAL')?.key, ESS);
      assert.equal(findHost(s, 'ram-h3')?.key, H3);
      assert.equal(findHost(s, 'RAM-H1-2')?.key, H12);
      assert.equal(findHost(s, 'nope'), undefined);
      assert.equal(findHost(s, 'ram-h3.fabrikam.local'), undefined);
    });

    it('normalizeVmId lower-cases and strips braces', () => {
      assert.equal(normalizeVmId(' {3F2A6C1E-8B4D-4E2F-9A1C-5D6E7F8A9B01} '), VM.v01);
    });
  });

  describe('diffSnapshots', () => {
    const base = officeInput();
    const a = buildEstateSnapshot(base);

    it('finds nothing between equal snapshots', () => {
      assert.deepEqual(diffSnapshots(a, buildEstateSnapshot(officeInput())), { changedHostKeys: [], changedVmKeys: [] });
    });

    it('a new probe time alone is not a change', () => {
      const later = new Map([...base.probes].map(([k, p]) => [k, { ...p, at: new Date('2026-11-25T10:10:00Z') }] as [string, HostProbe]));
      const b = buildEstateSnapshot({ ...officeInput(), probes: later });
      assert.deepEqual(diffSnapshots(a, b), { changedHostKeys: [], changedVmKeys: [] });
    });

    it('a status change marks only that VM', () => {
      const items = officeItems().map((i) =>
        i.properties?.friendlyName === 'ramh157v03' ? protectedItem(VM.v03, 'ramh157v03', { name: 'ramh157v03-item', providerGuid: PROVIDER.h17 }) : i,
      );
      const b = buildEstateSnapshot({ ...officeInput(), protectedItems: items });
      assert.deepEqual(diffSnapshots(a, b), { changedHostKeys: [], changedVmKeys: [VM.v03] });
    });

    it('enabling protection marks the VM and its host (protectedCount)', () => {
      const b = buildEstateSnapshot({
        ...officeInput(),
        protectedItems: [...officeItems(), protectedItem(VM.v02, 'ramh157v02', { providerGuid: PROVIDER.h17, protectionState: 'InitialReplicationInProgress', progress: '0' })],
      });
      assert.deepEqual(diffSnapshots(a, b), { changedHostKeys: [H17], changedVmKeys: [VM.v02] });
    });

    it('a host that stops answering marks the host and its VMs (now stale)', () => {
      const probes = new Map(base.probes);
      probes.set('ram-ess.contoso.local', unreachable('RAM-ESS'));
      const b = buildEstateSnapshot({ ...officeInput(), previous: a, probes });
      const d = diffSnapshots(a, b);
      assert.deepEqual(d.changedHostKeys, [ESS]);
      assert.deepEqual(d.changedVmKeys, [VM.ess1]);
      assert.equal(theVm(b, VM.ess1).stale, true);
    });

    it('added and removed hosts and VMs are changes; the unassigned list has its own key', () => {
      const b = buildEstateSnapshot({
        ...officeInput(),
        hostSources: officeSources().filter((x) => x.name !== 'RAM-LAB9'),
        protectedItems: officeItems().filter((i) => i.properties?.friendlyName !== 'old-fileserver'),
      });
      const d = diffSnapshots(a, b);
      assert.deepEqual(d.changedHostKeys, [UNASSIGNED_HOST_KEY, 'ram-lab9.contoso.local'].sort());
      assert.deepEqual(d.changedVmKeys, [VM.orphan, VM.lab1].sort());
      assert.deepEqual(diffSnapshots(b, a), d, 'symmetric');
    });

    it('a VM that moved marks both hosts and the VM', () => {
      const probes = new Map(base.probes);
      probes.set('ram-h1-7', ok(hostInfo('RAM-H1-7', 'RAM-H1-7.contoso.local', { version: '5.24.0827.5' }), [vm('ramh157v01', VM.v01), vm('ramh157v03', VM.v03)]));
      probes.set(
        'ram-lab9',
        ok(hostInfo('RAM-LAB9', 'RAM-LAB9.contoso.local', { osCaption: 'Microsoft Windows Server 2012 Datacenter', osBuild: 9200, installed: false, registered: false }), [
          vm('lab-v1', VM.lab1),
          vm('ramh157v02', VM.v02),
        ]),
      );
      const b = buildEstateSnapshot({ ...officeInput(), probes });
      assert.equal(theVm(b, VM.v02).hostKey, 'ram-lab9.contoso.local');
      assert.deepEqual(diffSnapshots(a, b), { changedHostKeys: [H17, 'ram-lab9.contoso.local'], changedVmKeys: [VM.v02] });
    });

    it('a change of host facts (provider connects again) marks the host only', () => {
      const regs = officeRegistered().map((r) => (r.name === PROVIDER.ess ? { ...r, connectionStatus: 'Connected', heartbeatMissing: false, healthErrors: [] } : r));
      const b = buildEstateSnapshot({ ...officeInput(), registeredHosts: regs });
      assert.deepEqual(diffSnapshots(a, b), { changedHostKeys: [ESS], changedVmKeys: [] });
    });
  });
  describe("patchProtectedItems (the poller's GET per changing item)", () => {
    const before = buildEstateSnapshot(officeInput());
    const v03 = (progress: string, protectionState = 'InitialReplicationInProgress'): ReplicationProtectedItem =>
      protectedItem(VM.v03, 'ramh157v03', {
        name: 'ramh157v03-item',
        detailsVmId: `{${VM.v03.toUpperCase()}}`,
        providerGuid: PROVIDER.h17,
        protectionState,
        allowedOperations: protectionState === 'Protected' ? undefined : ['DisableProtection'],
        progress,
      });

    it('makes the re-read VMs again as a rebuild would, copies only their hosts and names what changed', () => {
      const items = [...officeItems().filter((i) => i.name !== 'ramh157v03-item'), v03('100', 'Protected')];
      const rebuilt = buildEstateSnapshot({ ...officeInput(), protectedItems: items, protectedItemsReadAt: T1 });
      const patched = patchProtectedItems(before, [{ vm: theVm(before, VM.v03), item: v03('100', 'Protected'), readAt: T1 }], T1);
      assert.ok(patched !== undefined && patched !== 'unchanged');
      assert.deepEqual(theVm(patched.snapshot, VM.v03), theVm(rebuilt, VM.v03));
      assert.equal(theVm(patched.snapshot, VM.v03).status.kind, 'Protected');
      assert.deepEqual(patched.vmKeys, [normalizeVmId(VM.v03)]);
      assert.deepEqual(patched.hostKeys, []);
      assert.deepEqual(patched.snapshot.counts, rebuilt.counts);
      assert.deepEqual(diffSnapshots(before, patched.snapshot), diffSnapshots(before, rebuilt));
      for (const h of patched.snapshot.hosts) assert.equal(h === host(before, h.key), h.key !== H17, `${h.key} copied only if touched`);
      assert.equal(theVm(before, VM.v03).status.kind, 'Replicating', 'the snapshot it started from is left as it was');
    });

    it("says 'unchanged' when the items say what the snapshot shows, and undefined when only a rebuild can place them", () => {
      assert.equal(patchProtectedItems(before, [{ vm: theVm(before, VM.v03), item: v03('42'), readAt: T1 }], T1), 'unchanged');
      const moved = protectedItem(VM.v02, 'ramh157v03', { name: 'ramh157v03-item', providerGuid: PROVIDER.h17 });
      assert.equal(patchProtectedItems(before, [{ vm: theVm(before, VM.v03), item: moved, readAt: T1 }], T1), undefined, 'the item names another VM');
      const missing = theVm(before, VM.missing);
      const renamed = protectedItem(VM.missing, 'renamed-v04', { providerGuid: PROVIDER.h17 });
      assert.equal(patchProtectedItems(before, [{ vm: missing, item: renamed, readAt: T1 }], T1), undefined, 'its name (and place in the order) changes');
    });

    it('names the VMs it made again, and the changing VMs carried across it are those of the patched snapshot', () => {
      const patched = patchProtectedItems(before, [{ vm: theVm(before, VM.v03), item: v03('100', 'Protected'), readAt: T1 }], T1);
      assert.ok(patched !== undefined && patched !== 'unchanged');
      assert.deepEqual(patched.vms, [theVm(patched.snapshot, VM.v03)]);
      const keysOf = (c: { busy: EstateVm[]; replicating: EstateVm[] }): string[][] => [c.busy.map((v) => v.key).sort(), c.replicating.map((v) => v.key).sort()];
      for (const followed of [new Set<string>(), new Set([normalizeVmId(VM.v03)])]) {
        const carried = changingAfterPatch({ snapshot: before, ...changingOf(allVms(before), followed) }, patched.snapshot, patched.vms, followed);
        assert.equal(carried.snapshot, patched.snapshot);
        assert.deepEqual(keysOf(carried), keysOf(changingOf(allVms(patched.snapshot), followed)));
        assert.ok(!carried.replicating.concat(carried.busy).some((v) => v.key === normalizeVmId(VM.v03)), 'v03 no longer replicates');
      }
      const stillReplicating = patchProtectedItems(before, [{ vm: theVm(before, VM.v03), item: v03('77'), readAt: T1 }], T1);
      assert.ok(stillReplicating !== undefined && stillReplicating !== 'unchanged');
      const carried = changingAfterPatch({ snapshot: before, ...changingOf(allVms(before), new Set()) }, stillReplicating.snapshot, stillReplicating.vms, new Set());
      assert.ok(carried.replicating.includes(theVm(stillReplicating.snapshot, VM.v03)), 'the VM as patched, not as it was');
    });
  });
});
