// Issue 13, a truthful and calm Protection tree: protection unknown until ASR has been read, a VM
// that cannot be protected says why, health reads as such, and every row's description fits the
// default 300 px sidebar beside its label, with the room measured end to end (src/tree/presentShort.ts):
// a VM row (four levels deep, with its badge) ≤ 27 characters for the essentials scenario's names
// (VMs "ramh157v03"), a host row ≤ 30 ("RAM-H1-7"), a job row (one level deep) ≤ 34.
import assert from 'node:assert/strict';
import { buildEstateSnapshot, type EstateHost, type HostProbe } from '../../../src/estate';
import { hyperVFacts, protectableFacts, unsupportedReasons } from '../../../src/estate/vmFacts';
import { summarizeJob, jobStates } from '../../../src/model/jobSummary';
import { protectionKinds } from '../../../src/model/protectionStatus';
import { hostLabel } from '../../../src/tree/presentHost';
import { presentHost, presentJob, presentSite, presentVault, presentVm } from '../../../src/tree/presentation';
import { JOB_ROW_MAX, short } from '../../../src/tree/presentShort';
import type { HostInfo } from '../../../src/services/hyperv/hostInfo';
import { NOW, VM_ID, estateHost, estateVm, inventoryVm, lifecycle, unescapeMarkdown, vmOfKind } from './fixtures';

const ctx = { now: NOW };
const ESSENTIALS_VM = 'ramh157v03';
const ESSENTIALS_HOST = 'RAM-H1-7';
const VM_ROW_CHARS = 27;
const HOST_ROW_CHARS = 30;

function fits(label: string, description: string | undefined, what: string, room = VM_ROW_CHARS): void {
  const total = label.length + (description ?? '').length;
  assert.ok(total <= room, `${what}: "${label}" + "${description}" is ${total} characters (room: ${room})`);
}

const h17: HostInfo = {
  name: ESSENTIALS_HOST,
  fqdn: 'RAM-H1-7.contoso.local',
  osCaption: 'Microsoft Windows Server 2022 Datacenter',
  osBuild: 20348,
  isServerCore: false,
  hyperVModule: true,
  provider: { installed: true, registered: false },
};

function snapshotBefore(asrRead: 'notConnected' | 'readFailed'): ReturnType<typeof buildEstateSnapshot> {
  const probe: HostProbe = { ok: true, info: h17, vms: [inventoryVm({ name: ESSENTIALS_VM })], at: NOW };
  return buildEstateSnapshot({
    now: NOW,
    asrRead,
    hostSources: [{ name: 'RAM-H1-7.contoso.local', source: 'setting' }],
    probes: new Map([['ram-h1-7.contoso.local', probe]]),
    registeredHosts: [],
    protectedItems: [],
  });
}

describe('tree: truthful states and a calm tree (issue 13)', () => {
  describe('protection unknown until ASR has been read', () => {
    it('before connecting: the VM is "Protection unknown" with "?", no colour, no action; the host counts its VMs', () => {
      const s = snapshotBefore('notConnected');
      const host = s.hosts[0];
      const vm = host.vms[0];
      assert.equal(vm.status.kind, 'ProtectionUnknown');
      assert.equal(vm.protectionUnknown, 'notConnected');
      assert.deepEqual(vm.actions, []);
      assert.equal(vm.contextValue, 'vm;protectionUnknown');
      const m = presentVm(vm, ctx);
      assert.equal(m.description, 'Protection unknown');
      assert.equal(m.iconId, 'question');
      assert.equal(m.iconColorId, undefined);
      assert.deepEqual(m.badge, { letters: '?', tooltip: 'Protection unknown' });
      assert.ok(unescapeMarkdown(m.tooltip).includes('Connect to a vault to see whether Site Recovery protects this VM.'), m.tooltip);
      assert.equal(host.protectionUnknown, 'notConnected');
      const hm = presentHost(host);
      assert.equal(hm.description, '1 VM');
      assert.ok(unescapeMarkdown(hm.tooltip).includes('**VMs:** 1 VM; whether it is protected is not known yet'), hm.tooltip);
      assert.equal(presentHost({ ...host, vms: [vm, vm, vm, vm, vm] }).description, '5 VMs');
    });

    it('when the vault could not be read, the tooltip says so', () => {
      const vm = snapshotBefore('readFailed').hosts[0].vms[0];
      assert.equal(vm.status.kind, 'ProtectionUnknown');
      assert.ok(unescapeMarkdown(presentVm(vm, ctx).tooltip).includes('Azure Site Recovery could not be read, so whether it protects this VM is not known.'));
    });

    it('once ASR has been read, a VM without an item is "Not protected" and offers Enable Replication', () => {
      const vm = estateVm(undefined);
      assert.equal(vm.status.kind, 'NotProtected');
      assert.equal(vm.protectionUnknown, undefined);
      assert.equal(presentVm(vm, ctx).description, 'Not protected');
      assert.equal(presentHost(estateHost({ vms: [vm] })).description, '0/1 protected');
    });
  });

  describe('a VM that cannot be protected says why', () => {
    it('a Generation 2 Linux VM: "Not supported", the support matrix\'s sentence in the tooltip, Enable Replication still offered (the wizard explains)', () => {
      const vm = estateVm(undefined, { name: ESSENTIALS_VM, inventory: inventoryVm({ name: ESSENTIALS_VM, generation: 2, osType: 'Linux' }) });
      assert.equal(vm.unsupported?.length, 1);
      const m = presentVm(vm, ctx);
      assert.equal(m.description, 'Not supported');
      assert.equal(m.iconId, 'circle-slash');
      assert.equal(m.badge?.letters, 'NS');
      const t = unescapeMarkdown(m.tooltip);
      assert.ok(t.startsWith(`**${ESSENTIALS_VM}** · Not supported by Site Recovery\n`), t);
      assert.ok(t.includes('is a Generation 2 VM running Linux, which Azure Site Recovery does not support. Replicate a Generation 1 Linux VM instead.'), t);
      assert.ok(!t.includes('Enable replication to protect it'), t);
      assert.match(vm.contextValue, /(^|;)enableProtection(;|$)/);
    });

    it("the judgement is preflightVm's: VM and disk errors and ASR's readiness, not the host's; nothing without an inventory", () => {
      const shared = hyperVFacts(inventoryVm({ disks: [{ ...inventoryVm().disks[0], shared: true }] }));
      assert.equal(unsupportedReasons(shared, undefined).length, 1);
      assert.deepEqual(unsupportedReasons(hyperVFacts(inventoryVm()), undefined), []);
      assert.deepEqual(unsupportedReasons(undefined, undefined), []);
      const readiness = protectableFacts({ name: VM_ID, properties: { protectionReadinessErrors: ['The VM has a disk ASR cannot read.'] } });
      assert.equal(unsupportedReasons(hyperVFacts(inventoryVm()), readiness).length, 1);
    });

    it('a protected VM is never "Not supported"', () => {
      const vm = estateVm(lifecycle.protected, { inventory: inventoryVm({ generation: 2, osType: 'Linux' }) });
      assert.equal(vm.unsupported, undefined);
      assert.equal(presentVm(vm, ctx).description, 'Protected');
    });
  });

  describe('names', () => {
    it('a host row shows its short name as given, the FQDN in the tooltip', () => {
      assert.equal(hostLabel({ name: 'RAM-H1-7.contoso.local' }), 'RAM-H1-7');
      assert.equal(hostLabel({ name: 'RAM-H1-7' }), 'RAM-H1-7');
      assert.equal(hostLabel({ name: '10.0.0.7' }), '10.0.0.7');
      const m = presentHost(estateHost({ name: 'RAM-H1-7.contoso.local', fqdn: 'RAM-H1-7.contoso.local' }));
      assert.equal(m.label, 'RAM-H1-7');
      assert.ok(unescapeMarkdown(m.tooltip).includes('**Full name:** RAM-H1-7.contoso.local'), m.tooltip);
    });

    it('the vault row shows the region it is given (the tree passes the display name)', () => {
      assert.equal(presentVault({ name: 'RAM-Vault', location: 'West Europe', resourceGroup: 'RAM-DR-RG' }).description, 'West Europe');
    });
  });

  describe('every row fits the sidebar: label + description within the room measured at 300 px', () => {
    it('every kind, with and without health overlays and stale, and not supported', () => {
      for (const kind of protectionKinds) {
        for (const stale of [false, true]) {
          const m = presentVm(vmOfKind(kind, { name: ESSENTIALS_VM, stale }), ctx);
          // "Protection unknown" shows while no vault is read: the VMs are then two levels deep (host → VM), two indents more room.
          fits(m.label, m.description, `${kind}${stale ? ' (stale)' : ''}`, kind === 'ProtectionUnknown' ? VM_ROW_CHARS + 2 : VM_ROW_CHARS);
        }
      }
      for (const item of [lifecycle.protectedCritical, lifecycle.protectedWarning, lifecycle.committingFailback]) {
        for (const stale of [false, true]) {
          const m = presentVm(estateVm(item, { name: ESSENTIALS_VM, stale }), ctx);
          fits(m.label, m.description, `${String(item?.properties?.protectionState)} ${String(item?.properties?.replicationHealth)}${stale ? ' (stale)' : ''}`);
        }
      }
      const unsupported = estateVm(undefined, { name: ESSENTIALS_VM, inventory: inventoryVm({ name: ESSENTIALS_VM, osType: 'Linux' }) });
      const m = presentVm(unsupported, ctx);
      fits(m.label, m.description, 'not supported');
    });

    it('critical health reads "Critical health" (the state is on hover: "Protected · critical" does not fit) and fits when stale (the stale word goes to the tooltip)', () => {
      const m = presentVm(estateVm(lifecycle.protectedCritical, { name: ESSENTIALS_VM, stale: true }), ctx);
      assert.equal(m.description, 'Critical health');
      assert.equal(presentVm(estateVm(lifecycle.protectedWarning, { name: ESSENTIALS_VM }), ctx).description, 'Health warning');
      assert.ok(unescapeMarkdown(m.tooltip).startsWith(`**${ESSENTIALS_VM}** · Protected · critical: Replication is paused (stale)\n`), m.tooltip);
    });

    it('every host state, with protection known or not', () => {
      const vms = Array.from({ length: 5 }, (_, i) => estateVm(undefined, { key: `${VM_ID}-${i}`, name: ESSENTIALS_VM }));
      const states: Partial<EstateHost>[] = [
        {},
        { reachable: false, unreachableReason: 'WinRM cannot reach RAM-H1-7.' },
        { supported: false },
        { provider: { registered: true, connected: true, heartbeatMissing: true } },
        { provider: { registered: true, connected: false } },
        { probed: false, reachable: false, supported: undefined },
        { protectionUnknown: 'notConnected' },
      ];
      for (const state of states) {
        const m = presentHost(estateHost({ name: ESSENTIALS_HOST, vms, protectedCount: 3, ...state }));
        fits(m.label, m.description, JSON.stringify(state), HOST_ROW_CHARS);
      }
      assert.equal(presentHost(estateHost({ name: ESSENTIALS_HOST, vms, protectedCount: 3 })).description, '3/5 protected');
      // A host that never answered has nothing to count: it says what is wrong ("0/0 protected" said nothing).
      assert.equal(presentHost(estateHost({ name: 'RAM-H1-2', vms: [], reachable: false, unreachableReason: 'WinRM cannot reach RAM-H1-2.' })).description, 'unreachable');
      assert.equal(presentHost(estateHost({ name: 'RAM-H1-2', vms: [], probed: false, reachable: false })).description, '0/0 protected', 'not asked yet is not unreachable');
    });

    it('the site and the unregistered group', () => {
      for (const name of ['RAM-Site', short.unregisteredHosts]) {
        const m = presentSite({ name, hostCount: 12 });
        fits(m.label, m.description, name, HOST_ROW_CHARS);
      }
    });

    it(`job rows: the VM and the state in a word when they fit beside the operation (${JOB_ROW_MAX} characters in all), the state alone when not; a succeeded job's check mark and a running job's spinner say their state`, () => {
      for (const title of ['Test failover', 'Enable replication', 'Associate replication policy']) {
        for (const state of jobStates) {
          for (const tasks of [0, 5]) {
            const summary = summarizeJob(
              {
                name: 'job-1',
                properties: {
                  friendlyName: title,
                  scenarioName: 'TestFailover',
                  state: state === 'Other' ? 'Weird' : state,
                  targetObjectName: ESSENTIALS_VM,
                  startTime: '2026-11-25T11:50:00Z',
                  tasks: Array.from({ length: tasks }, (_, i) => ({ taskId: `t${i}`, friendlyName: `Task ${i}`, state: i < 2 ? 'Succeeded' : 'NotStarted' })),
                },
              },
              NOW,
            );
            const m = presentJob(summary);
            fits(m.label, m.description, `${title}, ${state} job, ${tasks} tasks`, JOB_ROW_MAX);
            if (title !== 'Associate replication policy' && state !== 'Succeeded' && state !== 'InProgress')
              assert.notEqual(m.description, '', `${title}, ${state}: the state is said`);
          }
        }
      }
      const job = (friendlyName: string, state: string): string | undefined =>
        presentJob(summarizeJob({ name: 'j', properties: { friendlyName, state, targetObjectName: ESSENTIALS_VM } }, NOW)).description;
      assert.equal(job('Enable replication', 'Succeeded'), 'ramh157v03');
      assert.equal(job('Test failover', 'Failed'), 'ramh157v03 · failed');
      assert.equal(job('Associate replication policy', 'Failed'), '', 'no room: the error icon and the tooltip say it');
      assert.equal(job('Associate replication policy', 'Succeeded'), '');
    });
  });
});
