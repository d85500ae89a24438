import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobSummary, JobTaskLike } from '../../../src/model/jobSummary';
import { jobStates, summarizeJob } from '../../../src/model/jobSummary';
import type { ProtectionKind } from '../../../src/model/protectionStatus';
import { deriveProtectionStatus, isTransientKind, protectionKinds } from '../../../src/model/protectionStatus';
import type { VmAction } from '../../../src/model/vmActions';
import { vmActions } from '../../../src/model/vmActions';
import { portalUrlForResource, resolveCloud } from '../../../src/services/azure/cloud';
import { STALE_TOKEN } from '../../../src/estate';
import type { TreeItemModel } from '../../../src/tree/presentation';
import {
  LATE_RECOVERY_POINT_INTERVALS,
  TRANSIENT_TOKEN,
  actionCommandId,
  actionForCommandId,
  commandIds,
  escapeMarkdown,
  formatAge,
  formatDuration,
  formatInterval,
  hostContextTokens,
  kindPresentation,
  markdownLink,
  presentHost,
  presentJob,
  presentJobTask,
  presentMessage,
  presentSite,
  presentVault,
  presentVm,
  recoveryAzureVmId,
  runningInAzureKinds,
  strings,
  vmIdFromResourceUri,
  vmResourceUri,
  withTransient,
} from '../../../src/tree/presentation';
import { NOW, TARGET_RG, VM_ID, estateHost, estateVm, inventoryVm, itemForKind, labItem, labOps, lifecycle, unescapeMarkdown, vmOfKind, withoutEscapes } from './fixtures';

const portal = resolveCloud('AzureCloud');
const ctx = { now: NOW, policyIntervalSeconds: 300, portalUrl: (id: string): string => portalUrlForResource(portal, id) };

/**
 * What a VM of each kind looks like, restated as literals (not read from src/tree/presentVm.ts or
 * presentStrings.ts): badge letters, icon, colour, badge tooltip, and the contextValue the menus of
 * package.json match (the fixture items' allowedOperations decide the action tokens).
 */
const expectedLook: Record<ProtectionKind, [badge: string, icon: string, color: string, tooltip: string, contextValue: string]> = {
  NotProtected: ['NP', 'circle-large-outline', 'disabledForeground', 'Not protected', 'vm;notProtected;enableProtection'],
  ProtectionUnknown: ['?', 'question', '', 'Protection unknown', 'vm;protectionUnknown'],
  EnablingProtection: ['EP', 'loading~spin', 'charts.blue', 'Enabling protection', 'vm;enablingProtection'],
  Replicating: ['R', 'sync~spin', 'charts.blue', 'Replicating (initial replication)', 'vm;replicating;disableProtection'],
  Protected: ['P', 'pass-filled', 'testing.iconPassed', 'Protected', 'vm;protected;testFailover;plannedFailover;unplannedFailover;disableProtection'],
  TestFailoverRunning: ['T', 'loading~spin', 'charts.purple', 'Test failover running', 'vm;testFailoverRunning'],
  TestFailoverCleanupPending: ['TC', 'beaker', 'charts.yellow', 'Test failover: cleanup pending', 'vm;testFailoverCleanupPending;testFailoverCleanup;disableProtection'],
  TestFailoverCleaningUp: ['CU', 'loading~spin', 'charts.purple', 'Cleaning up test failover', 'vm;testFailoverCleaningUp'],
  FailingOver: ['F', 'loading~spin', 'charts.orange', 'Failing over', 'vm;failingOver'],
  FailoverCommitPending: ['FC', 'cloud-upload', 'charts.yellow', 'Failed over: commit pending', 'vm;failoverCommitPending;commit;disableProtection'],
  Committing: ['C', 'loading~spin', 'charts.orange', 'Committing', 'vm;committing'],
  FailedOver: ['AZ', 'cloud', 'charts.blue', 'Running in Azure', 'vm;failedOver;failback;disableProtection'],
  FailingBack: ['FB', 'loading~spin', 'charts.orange', 'Failing back', 'vm;failingBack'],
  FailbackCommitPending: ['BC', 'cloud-download', 'charts.yellow', 'Failed back: commit pending', 'vm;failbackCommitPending;commit;disableProtection'],
  ReverseReplicationPending: ['RR', 'arrow-swap', 'charts.yellow', 'Failed back: reverse replication pending', 'vm;reverseReplicationPending;reverseReplication;disableProtection'],
  DisablingProtection: ['D', 'loading~spin', 'disabledForeground', 'Disabling protection', 'vm;disablingProtection'],
  Error: ['E', 'error', 'errorForeground', 'Error', 'vm;error;testFailover;plannedFailover;unplannedFailover;disableProtection'],
};

/** The short description of each kind (issue 13: it fits the sidebar beside the label). */
const expectedDescription: Record<ProtectionKind, string> = {
  NotProtected: 'Not protected',
  ProtectionUnknown: 'Protection unknown',
  EnablingProtection: 'Enabling…',
  Replicating: 'Replicating 42%',
  Protected: 'Protected',
  TestFailoverRunning: 'Test failover…',
  TestFailoverCleanupPending: 'Cleanup pending',
  TestFailoverCleaningUp: 'Cleaning up…',
  FailingOver: 'Failing over…',
  FailoverCommitPending: 'Commit pending',
  Committing: 'Committing…',
  FailedOver: 'In Azure',
  FailingBack: 'Failing back…',
  FailbackCommitPending: 'Commit failback',
  ReverseReplicationPending: 'Not replicating',
  DisablingProtection: 'Disabling…',
  Error: 'Error',
};

/** The tooltip's first line after the name: the model's summary, in full. */
const expectedStateLine: Record<ProtectionKind, string> = {
  NotProtected: 'Not protected',
  ProtectionUnknown: 'Protection unknown',
  EnablingProtection: 'Enabling protection…',
  Replicating: 'Replicating 42%',
  Protected: 'Protected',
  TestFailoverRunning: 'Test failover running…',
  TestFailoverCleanupPending: 'Test failover: cleanup pending',
  TestFailoverCleaningUp: 'Cleaning up test failover…',
  FailingOver: 'Failing over…',
  FailoverCommitPending: 'Failed over: commit pending',
  Committing: 'Committing failover…',
  FailedOver: 'Running in Azure',
  FailingBack: 'Failing back…',
  FailbackCommitPending: 'Failed back: commit pending',
  ReverseReplicationPending: 'Failed back: reverse replication pending',
  DisablingProtection: 'Disabling protection…',
  Error: 'Error: Planned failover failed',
};

const portalVmUrl = `https://portal.azure.com/#@/resource${TARGET_RG}/providers/Microsoft.Compute/virtualMachines/web-01`;

function vmModel(kind: ProtectionKind): TreeItemModel {
  return presentVm(vmOfKind(kind), ctx);
}

describe('tree/presentation', () => {
  describe('presentVm: every ProtectionKind', () => {
    it('the fixtures cover every kind of the model', () => {
      for (const kind of protectionKinds.filter((k) => k !== 'ProtectionUnknown')) {
        assert.equal(deriveProtectionStatus(itemForKind[kind]).kind, kind, `fixture for ${kind}`);
      }
      assert.equal(vmOfKind('ProtectionUnknown').status.kind, 'ProtectionUnknown');
      assert.deepEqual(Object.keys(kindPresentation).sort(), [...protectionKinds].sort());
    });

    for (const kind of protectionKinds) {
      it(`${kind}: label, description, icon, colour, badge, contextValue, resourceUri`, () => {
        const m = vmModel(kind);
        const [badge, icon, color, tooltip, contextValue] = expectedLook[kind];
        assert.equal(m.id, `vm:${VM_ID}`);
        assert.equal(m.label, 'web-01');
        assert.equal(m.description, expectedDescription[kind]);
        assert.equal(m.iconId, icon);
        assert.equal(m.iconColorId, color === '' ? undefined : color);
        // No colour on the badge: VS Code would paint the label with it (issue 13).
        assert.deepEqual(m.badge, { letters: badge, tooltip });
        assert.equal(m.contextValue, contextValue);
        assert.equal(m.collapsible, 'none');
        assert.equal(m.resourceUri, `asr-vm:/${VM_ID}`);
      });

      it(`${kind}: tooltip names the VM, its status, power state and (when protected) health and recovery point`, () => {
        const m = vmModel(kind);
        assert.ok(m.tooltip.startsWith('**web\\-01**'), m.tooltip);
        assert.ok(unescapeMarkdown(m.tooltip).startsWith(`**web-01** · ${expectedStateLine[kind]}\n`), m.tooltip);
        assert.ok(m.tooltip.includes('**Power state:** Running'), m.tooltip);
        if (kind === 'NotProtected' || kind === 'ProtectionUnknown') {
          const note = kind === 'NotProtected' ? strings.vm.notProtectedNote : 'Connect to a vault to see whether Site Recovery protects this VM.';
          assert.ok(unescapeMarkdown(m.tooltip).includes(note), m.tooltip);
          assert.ok(!m.tooltip.includes('Replication health'));
        } else {
          assert.ok(m.tooltip.includes('**Replication health:**'), m.tooltip);
          assert.ok(m.tooltip.includes('**Last recovery point:**'), m.tooltip);
          assert.ok(m.tooltip.includes('**Target VM in Azure:** web\\-01 \\(Standard\\_D2s\\_v3\\)'), m.tooltip);
        }
        const link = m.tooltip.includes('[Open in Azure portal]');
        assert.equal(link, runningInAzureKinds.includes(kind), `portal link for ${kind}`);
      });
    }

    it('badge letters are 1–2 characters and distinct across kinds (and from the critical overlay "!")', () => {
      const letters = protectionKinds.map((k) => vmModel(k).badge?.letters ?? '');
      for (const l of letters) {
        assert.ok(l.length >= 1 && l.length <= 2, l);
      }
      assert.equal(new Set([...letters, '!']).size, letters.length + 1, letters.join(','));
    });

    it('no two kinds look the same: (badge, icon, colour) and descriptions are distinct', () => {
      const looks = protectionKinds.map((k) => {
        const m = vmModel(k);
        return `${m.badge?.letters}|${m.iconId}|${m.iconColorId}`;
      });
      assert.equal(new Set(looks).size, protectionKinds.length);
      assert.equal(new Set(protectionKinds.map((k) => vmModel(k).description)).size, protectionKinds.length);
    });

    it('every kind in which an operation runs spins', () => {
      for (const kind of protectionKinds) {
        assert.equal(vmModel(kind).iconId.endsWith('~spin'), isTransientKind(kind) || kind === 'Replicating', kind);
      }
    });

    it('a committing failback reads "Committing…", and "Committing failback…" on hover', () => {
      const m = presentVm(estateVm(lifecycle.committingFailback), ctx);
      assert.equal(m.description, 'Committing…');
      assert.ok(unescapeMarkdown(m.tooltip).includes('Committing failback…'), m.tooltip);
    });
  });

  describe('presentVm: health overlays', () => {
    it('Critical health on a Protected VM: "!" badge, error icon, "Critical health", and "Protected · critical" with ASR\'s first health error first in the tooltip', () => {
      const m = presentVm(estateVm(lifecycle.protectedCritical), ctx);
      assert.equal(m.badge?.letters, '!');
      assert.equal(m.iconId, 'error');
      assert.equal(m.iconColorId, 'errorForeground');
      assert.equal(m.description, 'Critical health');
      assert.equal(m.badge?.tooltip, 'Protected; replication health is critical');
      assert.ok(unescapeMarkdown(m.tooltip).startsWith('**web-01** · Protected · critical: Replication is paused\n'), m.tooltip);
    });

    it('Critical health: the tooltip lists each health error with causes and recommended action', () => {
      const t = presentVm(estateVm(lifecycle.protectedCritical), ctx).tooltip;
      assert.ok(t.includes('**Replication health:** Critical'), t);
      assert.ok(t.includes('- **Replication is paused** (error 70094) Replication for the virtual machine is paused\\.'), t);
      assert.ok(t.includes('Replication for the virtual machine is paused\\.'), t);
      assert.ok(t.includes('*Possible causes:* The Hyper\\-V host lost its connection\\.'), t);
      assert.ok(t.includes('*Recommended action:* Resume replication on the host\\.'), t);
    });

    it('Warning health keeps the kind letters but shows the warning icon', () => {
      const m = presentVm(estateVm(lifecycle.protectedWarning), ctx);
      assert.equal(m.badge?.letters, 'P');
      assert.equal(m.iconId, 'warning');
      assert.equal(m.iconColorId, 'charts.yellow');
      assert.equal(m.description, 'Health warning');
      assert.ok(unescapeMarkdown(m.tooltip).startsWith('**web-01** · Protected · warning: Data change rate beyond supported limits\n'), m.tooltip);
      assert.equal(m.badge?.tooltip, 'Protected; replication health warning');
      assert.ok(m.tooltip.includes('**Replication health:** Warning'));
      assert.ok(m.tooltip.includes('*Recommended action:* Review the Azure Site Recovery supported limits\\.'));
    });

    it('a running operation is shown over Critical health (spinner and its letters)', () => {
      const item = labItem({ protectionState: 'Protected', allowedOperations: [], scenarioName: 'TestFailover', replicationHealth: 'Critical' });
      const m = presentVm(estateVm(item), ctx);
      assert.equal(m.badge?.letters, 'T');
      assert.equal(m.iconId, 'loading~spin');
    });

    it('the Error kind keeps "E" under Critical health', () => {
      const m = presentVm(estateVm(lifecycle.failed), ctx);
      assert.equal(m.badge?.letters, 'E');
      assert.equal(m.iconId, 'error');
    });
  });

  describe('presentVm: stale VMs', () => {
    it('description ends with " (stale)", the icon keeps its colour (no grey label), contextValue carries the stale token', () => {
      const vm = estateVm(lifecycle.protected, { stale: true });
      const m = presentVm(vm, ctx);
      assert.equal(m.description, 'Protected (stale)');
      assert.equal(m.iconColorId, 'testing.iconPassed');
      assert.deepEqual(m.badge, { letters: 'P', tooltip: 'Protected (stale)' });
      assert.ok(unescapeMarkdown(m.tooltip).startsWith('**web-01** · Protected (stale)\n'), m.tooltip);
      assert.equal(m.iconId, 'pass-filled');
      assert.equal(m.contextValue, `vm;protected;testFailover;plannedFailover;unplannedFailover;disableProtection;${STALE_TOKEN}`);
      assert.ok(unescapeMarkdown(m.tooltip).includes(strings.vm.staleNote));
    });

    it('a fresh VM has no stale note', () => {
      const m = presentVm(estateVm(lifecycle.protected), ctx);
      assert.ok(!unescapeMarkdown(m.tooltip).includes(strings.vm.staleNote));
      assert.ok(!m.contextValue.includes(STALE_TOKEN));
    });
  });

  describe('presentVm: tooltip details', () => {
    it('recovery point within the policy: "4 min ago (policy: every 5 min)"', () => {
      const t = unescapeMarkdown(presentVm(estateVm(lifecycle.protected), ctx).tooltip);
      assert.ok(t.includes('**Last recovery point:** 4 min ago (policy: every 5 min)'), t);
    });

    it('recovery point older than the policy expects', () => {
      const item = labItem({ protectionState: 'Protected', allowedOperations: labOps.protected, lastRecoveryPointReceived: '2026-11-25T10:00:00Z' });
      const t = unescapeMarkdown(presentVm(estateVm(item), ctx).tooltip);
      assert.ok(t.includes('**Last recovery point:** 2 h ago: older than the policy expects (policy: every 5 min)'), t);
    });

    it(`"late" starts after ${LATE_RECOVERY_POINT_INTERVALS} policy intervals`, () => {
      const at = (s: number): string => new Date(NOW.getTime() - s * 1000).toISOString();
      const onTime = unescapeMarkdown(presentVm(estateVm(labItem({ protectionState: 'Protected', allowedOperations: [], lastRecoveryPointReceived: at(600) })), ctx).tooltip);
      const late = unescapeMarkdown(presentVm(estateVm(labItem({ protectionState: 'Protected', allowedOperations: [], lastRecoveryPointReceived: at(601) })), ctx).tooltip);
      assert.ok(onTime.includes('10 min ago (policy: every 5 min)'), onTime);
      assert.ok(late.includes('10 min ago: older than the policy expects'), late);
    });

    it('without a policy interval, only the age', () => {
      const t = unescapeMarkdown(presentVm(estateVm(lifecycle.protected), { now: NOW }).tooltip);
      assert.ok(t.includes('**Last recovery point:** 4 min ago\n') || t.includes('**Last recovery point:** 4 min ago  \n'), t);
      assert.ok(!t.includes('policy'));
    });

    it('no recovery point yet during initial replication', () => {
      const t = unescapeMarkdown(presentVm(estateVm(lifecycle.initialReplication), ctx).tooltip);
      assert.ok(t.includes('**Last recovery point:** no recovery point yet'), t);
    });

    it('power state from the Hyper-V inventory, unknown without one', () => {
      const off = presentVm(estateVm(lifecycle.protected, { inventory: inventoryVm({ state: 'Off' }) }), ctx);
      assert.ok(off.tooltip.includes('**Power state:** Off'));
      const none = presentVm(estateVm(lifecycle.protected, { inventory: null }), ctx);
      assert.ok(unescapeMarkdown(none.tooltip).includes(`**Power state:** ${strings.vm.powerStateUnknown}`));
    });

    it('target VM in Azure with size and resource group', () => {
      const t = unescapeMarkdown(presentVm(estateVm(lifecycle.protected), ctx).tooltip);
      assert.ok(t.includes('**Target VM in Azure:** web-01 (Standard_D2s_v3), resource group RAM-DR-RG'), t);
    });

    it('the ASR state description and the running job', () => {
      const t = unescapeMarkdown(presentVm(estateVm(lifecycle.testFailoverRunning), ctx).tooltip);
      assert.ok(t.includes('**Running job:** a1b2c3d4-job'), t);
      const f = unescapeMarkdown(presentVm(estateVm(lifecycle.plannedFailoverCommitted), ctx).tooltip);
      assert.ok(f.includes('**Site Recovery state:** Failover committed'), f);
    });
  });

  describe('presentVm: failed-over VM in the Azure portal', () => {
    it('the VM id is built from recoveryAzureResourceGroupId and recoveryAzureVmName', () => {
      assert.equal(recoveryAzureVmId(estateVm(lifecycle.plannedFailoverCommitted)), `${TARGET_RG}/providers/Microsoft.Compute/virtualMachines/web-01`);
      const slash = labItem({ protectionState: 'Protected', allowedOperations: [], recoveryAzureResourceGroupId: `${TARGET_RG}/` });
      assert.equal(recoveryAzureVmId(estateVm(slash)), `${TARGET_RG}/providers/Microsoft.Compute/virtualMachines/web-01`);
      assert.equal(recoveryAzureVmId(estateVm(undefined)), undefined);
      assert.equal(recoveryAzureVmId(estateVm(labItem({ protectionState: 'Protected', allowedOperations: [], recoveryAzureResourceGroupId: 'not-an-id' }))), undefined);
    });

    it('a VM running in Azure links to the portal (public cloud)', () => {
      const t = presentVm(estateVm(lifecycle.plannedFailoverCommitted), ctx).tooltip;
      assert.ok(t.includes(`[Open in Azure portal](${portalVmUrl})`), t);
      assert.ok(unescapeMarkdown(t).includes(strings.vm.failedOverNote));
    });

    it('the link follows the configured cloud (US Government)', () => {
      const gov = resolveCloud('AzureUSGovernment');
      const t = presentVm(estateVm(lifecycle.unplannedFailoverCommitPending), { now: NOW, portalUrl: (id) => portalUrlForResource(gov, id) }).tooltip;
      assert.ok(t.includes('[Open in Azure portal](https://portal.azure.us/#@/resource/subscriptions/'), t);
    });

    it('no link without a portal function, for a VM not in Azure, or for a non-https portal', () => {
      assert.ok(!presentVm(estateVm(lifecycle.plannedFailoverCommitted), { now: NOW }).tooltip.includes('Open in Azure portal'));
      assert.ok(!presentVm(estateVm(lifecycle.protected), ctx).tooltip.includes('Open in Azure portal'));
      const bad = presentVm(estateVm(lifecycle.plannedFailoverCommitted), { now: NOW, portalUrl: (id) => `javascript:alert('${id}')` });
      assert.ok(!bad.tooltip.includes('Open in Azure portal'), bad.tooltip);
    });

    it('parentheses and spaces in the resource group cannot break out of the link', () => {
      const item = labItem({
        protectionState: 'PlannedFailoverCommitted',
        activeLocation: 'Recovery',
        allowedOperations: labOps.committed,
        recoveryAzureResourceGroupId: '/subscriptions/s/resourceGroups/rg (dr)',
      });
      const t = presentVm(estateVm(item), ctx).tooltip;
      const link = /\[Open in Azure portal\]\(([^)\s]*)\)/.exec(t);
      assert.ok(link, t);
      assert.equal(link[1], 'https://portal.azure.com/#@/resource/subscriptions/s/resourceGroups/rg%20%28dr%29/providers/Microsoft.Compute/virtualMachines/web-01');
    });
  });

  describe('markdown escaping of user data', () => {
    const hostile = '**bold**_x_ [link](javascript:alert(1)) <img src=x onerror=alert(1)> `code` &amp; #h |t| ~s~ !';

    it('escapeMarkdown backslash-escapes every ASCII punctuation character and flattens line breaks', () => {
      assert.equal(escapeMarkdown('a*b_c'), 'a\\*b\\_c');
      assert.equal(escapeMarkdown('line1\nline2\r\n\tx'), 'line1 line2 x');
      assert.equal(unescapeMarkdown(escapeMarkdown(hostile)), hostile);
      assert.doesNotMatch(withoutEscapes(escapeMarkdown(hostile)), /[*_[\]()<>`&#|~!]/);
      assert.equal(escapeMarkdown('Überprüfung 2 ünïcode'), 'Überprüfung 2 ünïcode');
    });

    it('a hostile VM name appears only escaped in the tooltip', () => {
      const m = presentVm(estateVm(lifecycle.plannedFailoverCommitted, { name: hostile }), ctx);
      assert.equal(m.label, hostile, 'the label is plain text, not markdown');
      assert.ok(m.tooltip.includes(escapeMarkdown(hostile)));
      assert.ok(!withoutEscapes(m.tooltip).includes('<img'));
      assert.ok(!withoutEscapes(m.tooltip).includes('javascript:'));
      const links = withoutEscapes(m.tooltip).match(/\]\(/g) ?? [];
      assert.equal(links.length, 1, 'only the portal link');
    });

    it('hostile health error texts and power state are escaped', () => {
      const item = labItem({
        protectionState: 'Protected',
        allowedOperations: labOps.protected,
        replicationHealth: 'Critical',
        healthErrors: [{ errorCode: '<b>', summaryMessage: hostile, recommendedAction: '[x](command:evil)' }],
      });
      const m = presentVm(estateVm(item, { inventory: inventoryVm({ state: '<script>' }) }), ctx);
      assert.ok(!withoutEscapes(m.tooltip).includes('<b>') && !withoutEscapes(m.tooltip).includes('<script'));
      assert.ok(!withoutEscapes(m.tooltip).includes('](command'));
      assert.ok(m.tooltip.includes(escapeMarkdown('[x](command:evil)')));
    });

    it('markdownLink accepts https only and escapes the text', () => {
      assert.equal(markdownLink('a*b', 'https://x.example/p'), '[a\\*b](https://x.example/p)');
      assert.equal(markdownLink('a', 'http://x.example'), undefined);
      assert.equal(markdownLink('a', 'command:azureSiteRecovery.connect'), undefined);
      assert.equal(markdownLink('a', 'https://x.example/a b)c'), '[a](https://x.example/a%20b%29c)');
    });

    it('hostile host names and reasons are escaped', () => {
      const m = presentHost(estateHost({ name: hostile, reachable: false, unreachableReason: '<i>WinRM</i> [x](y)' }));
      assert.equal(m.label, hostile);
      assert.ok(!withoutEscapes(m.tooltip).includes('<i>') && !withoutEscapes(m.tooltip).includes(']('));
    });
  });

  describe('presentHost', () => {
    it('a fine host: server icon, "n of m protected", tokens reachable;registered;supported', () => {
      const vms = [estateVm(lifecycle.protected, { key: 'a' }), estateVm(undefined, { key: 'b' }), estateVm(lifecycle.failed, { key: 'c' })];
      const m = presentHost(estateHost({ vms, protectedCount: 2 }));
      assert.equal(m.id, 'host:hv01.contoso.local');
      assert.equal(m.label, 'HV01');
      assert.equal(m.description, '2/3 protected');
      assert.equal(m.iconId, 'server');
      assert.equal(m.iconColorId, undefined);
      assert.equal(m.contextValue, 'host;reachable;registered;supported');
      assert.equal(m.collapsible, 'collapsed');
    });

    it('a fine host tooltip: OS, support, provider registered / connected / version, cluster', () => {
      const t = unescapeMarkdown(presentHost(estateHost({ cluster: 'HVCLUSTER01' })).tooltip);
      assert.ok(t.startsWith('**HV01** · Hyper-V host\n'), t);
      assert.ok(t.includes('**Full name:** HV01.contoso.local'), t);
      assert.ok(t.includes('**Operating system:** Microsoft Windows Server 2022 Datacenter (build 20348)'), t);
      assert.ok(t.includes('**Supported by Site Recovery:** yes'), t);
      assert.ok(t.includes('**Site Recovery provider:** installed, registered in this vault, connected, version 5.24.0814.2'), t);
      assert.ok(t.includes('**Cluster:** HVCLUSTER01'), t);
      assert.ok(t.includes('**Last heartbeat:** 2026-11-25 11:59 UTC'), t);
    });

    it('unreachable: debug-disconnect in the error colour, the reason in the tooltip', () => {
      const m = presentHost(
        estateHost({ reachable: false, unreachableReason: 'WinRM cannot reach HV01.', vms: [estateVm(lifecycle.protected, { stale: true })], protectedCount: 1 }),
      );
      assert.equal(m.iconId, 'debug-disconnect');
      assert.equal(m.iconColorId, 'errorForeground');
      assert.equal(m.description, '1/1 protected');
      assert.ok(unescapeMarkdown(m.tooltip).startsWith('**HV01** · Hyper-V host · unreachable\n'), m.tooltip);
      assert.equal(m.contextValue, 'host;unreachable;registered;supported');
      assert.ok(unescapeMarkdown(m.tooltip).includes('**Unreachable:** WinRM cannot reach HV01.'));
      assert.ok(unescapeMarkdown(m.tooltip).includes('**Last answered:** 2026-11-25 11:59 UTC'));
    });

    it('unreachable with no VMs is still expandable (for its message)', () => {
      assert.equal(presentHost(estateHost({ reachable: false })).collapsible, 'collapsed');
      assert.equal(presentHost(estateHost()).collapsible, 'none');
    });

    it('unsupported: warning icon, the support reason in the tooltip, unsupported token', () => {
      const reason = 'Host "HV01" runs Windows Server 2012, which Azure Site Recovery does not support.';
      const m = presentHost(estateHost({ supported: false, supportReason: reason, osCaption: 'Microsoft Windows Server 2012 Standard', osBuild: 9200 }));
      assert.equal(m.iconId, 'warning');
      assert.equal(m.iconColorId, 'charts.yellow');
      assert.equal(m.description, '0/0 protected');
      assert.ok(unescapeMarkdown(m.tooltip).startsWith('**HV01** · Hyper-V host · not supported\n'), m.tooltip);
      assert.equal(m.contextValue, 'host;reachable;registered;unsupported');
      assert.ok(unescapeMarkdown(m.tooltip).includes(`**Supported by Site Recovery:** no: ${reason}`));
    });

    it('provider heartbeat missing: warning icon and text', () => {
      const m = presentHost(estateHost({ provider: { registered: true, connected: true, heartbeatMissing: true, version: '5.1' } }));
      assert.equal(m.iconId, 'warning');
      assert.equal(m.description, '0/0 protected');
      assert.ok(unescapeMarkdown(m.tooltip).startsWith('**HV01** · Hyper-V host · provider heartbeat missing\n'), m.tooltip);
      assert.ok(unescapeMarkdown(m.tooltip).includes('registered in this vault, connected, heartbeat missing, version 5.1'));
    });

    it('provider registered but not connected', () => {
      const m = presentHost(estateHost({ provider: { registered: true, connected: false, heartbeatMissing: false } }));
      assert.equal(m.iconId, 'warning');
      assert.equal(m.description, '0/0 protected');
      assert.ok(unescapeMarkdown(m.tooltip).startsWith('**HV01** · Hyper-V host · provider disconnected\n'), m.tooltip);
      assert.ok(unescapeMarkdown(m.tooltip).includes('registered in this vault, not connected'));
    });

    it('provider not registered (or registered in another vault): fine icon, unregistered token', () => {
      const m = presentHost(estateHost({ provider: { registered: false, installed: false } }));
      assert.equal(m.iconId, 'server');
      assert.equal(m.contextValue, 'host;reachable;unregistered;supported');
      assert.ok(unescapeMarkdown(m.tooltip).includes('**Site Recovery provider:** not installed, not registered in this vault'));
      const other = presentHost(estateHost({ provider: { registered: false, installed: true, hostRegistration: { vaultName: 'Other-Vault' } } }));
      assert.ok(unescapeMarkdown(other.tooltip).includes('installed, registered in vault Other-Vault'));
    });

    it('not probed yet: dimmed server, supportUnknown token, a note', () => {
      const m = presentHost(estateHost({ probed: false, reachable: false, supported: undefined, osCaption: undefined, osBuild: undefined, provider: { registered: false } }));
      assert.equal(m.iconId, 'server');
      assert.equal(m.iconColorId, 'disabledForeground');
      assert.equal(m.description, '0/0 protected');
      assert.ok(unescapeMarkdown(m.tooltip).startsWith('**HV01** · Hyper-V host · not checked yet\n'), m.tooltip);
      assert.deepEqual(hostContextTokens(estateHost({ probed: false, reachable: false, supported: undefined })), ['host', 'reachable', 'registered', 'supportUnknown']);
      assert.ok(unescapeMarkdown(m.tooltip).includes('**Operating system:** unknown'));
      assert.ok(unescapeMarkdown(m.tooltip).includes(strings.host.notProbed));
    });

    it('Server Core is named in the OS line', () => {
      const t = unescapeMarkdown(presentHost(estateHost({ isServerCore: true })).tooltip);
      assert.ok(t.includes('(build 20348, Server Core)'), t);
    });
  });

  describe('vault, site, message', () => {
    it('presentVault: name, region, resource group, subscription', () => {
      const m = presentVault({ name: 'RAM-Vault', location: 'westeurope', resourceGroup: 'RAM-DR-RG', subscriptionName: 'Contoso Prod' });
      assert.equal(m.label, 'RAM-Vault');
      assert.equal(m.description, 'westeurope');
      assert.equal(m.iconId, 'azure');
      assert.equal(m.contextValue, 'vault');
      assert.equal(m.collapsible, 'expanded');
      assert.equal(m.id, 'vault:ram-dr-rg/ram-vault');
      const t = unescapeMarkdown(m.tooltip);
      assert.ok(t.includes('**Region:** westeurope') && t.includes('**Resource group:** RAM-DR-RG') && t.includes('**Subscription:** Contoso Prod'), t);
      assert.ok(!unescapeMarkdown(presentVault({ name: 'v', location: 'l', resourceGroup: 'r' }).tooltip).includes('Subscription'));
    });

    it('presentSite: host count, site contextValue', () => {
      const m = presentSite({ name: 'RAM-Site', hostCount: 2 });
      assert.equal(m.label, 'RAM-Site');
      assert.equal(m.description, '2 hosts');
      assert.equal(m.contextValue, 'site');
      assert.equal(presentSite({ name: 's', hostCount: 1 }).description, '1 host');
    });

    it('presentMessage: a plain leaf', () => {
      const m = presentMessage('Host unreachable: WinRM refused', 'debug-disconnect');
      assert.deepEqual(m, {
        id: 'message:Host unreachable: WinRM refused',
        label: 'Host unreachable: WinRM refused',
        iconId: 'debug-disconnect',
        tooltip: 'Host unreachable\\: WinRM refused',
        contextValue: 'message',
        collapsible: 'none',
      });
      assert.equal(presentMessage('x', 'info', 'host:a/message').id, 'host:a/message');
    });
  });

  describe('jobs', () => {
    const start = '2026-11-25T11:50:00Z';
    function job(
      state: string,
      extra: Partial<{ allowedActions: string[]; tasks: JobTaskLike[]; endTime: string; errors: unknown[]; scenarioName: string; friendlyName: string }> = {},
    ): JobSummary {
      return summarizeJob(
        {
          name: 'job-1',
          properties: {
            friendlyName: extra.friendlyName ?? 'Test failover',
            scenarioName: extra.scenarioName ?? 'TestFailover',
            state,
            stateDescription: state,
            targetObjectName: 'web-01',
            startTime: start,
            endTime: extra.endTime,
            allowedActions: extra.allowedActions ?? [],
            tasks: extra.tasks ?? [
              { taskId: 't1', friendlyName: 'Prerequisites check', state: 'Succeeded', startTime: start, endTime: '2026-11-25T11:51:00Z' },
              { taskId: 't2', friendlyName: 'Create test virtual machine', state: 'Succeeded' },
              { taskId: 't3', friendlyName: 'Prepare virtual machine', state: state === 'InProgress' ? 'InProgress' : state },
              { taskId: 't4', friendlyName: 'Start virtual machine', state: 'NotStarted' },
            ],
          },
        },
        NOW,
      );
    }

    const expectedJobIcon: Record<string, [string, string | undefined]> = {
      NotStarted: ['clock', 'disabledForeground'],
      InProgress: ['sync~spin', 'charts.blue'],
      Succeeded: ['pass', 'testing.iconPassed'],
      Failed: ['error', 'errorForeground'],
      Cancelled: ['circle-slash', 'disabledForeground'],
      Suspended: ['debug-pause', 'charts.yellow'],
      Other: ['question', undefined],
    };
    for (const state of jobStates) {
      it(`a ${state} job: icon, colour and state token`, () => {
        const m = presentJob(job(state === 'Other' ? 'Weird' : state));
        assert.equal(m.iconId, expectedJobIcon[state][0]);
        assert.equal(m.iconColorId, expectedJobIcon[state][1]);
        assert.equal(m.contextValue.split(';')[1], state.charAt(0).toLowerCase() + state.slice(1));
      });
    }

    it('a running job: progress "2/4" in the description, the current step in the tooltip, cancel token', () => {
      const m = presentJob(job('InProgress', { allowedActions: ['Cancel'] }));
      assert.equal(m.id, 'job:job-1');
      assert.equal(m.label, 'Test failover');
      assert.equal(m.description, 'web-01 · 2/4');
      assert.equal(m.contextValue, 'job;inProgress;canCancel');
      assert.equal(m.collapsible, 'collapsed');
      const t = unescapeMarkdown(m.tooltip);
      assert.ok(t.includes('**Current step:** Prepare virtual machine') && t.includes('2 of 4 tasks done') && t.includes('Can be cancelled.'), t);
      assert.ok(t.includes('**Started:** 2026-11-25 11:50 UTC') && t.includes('**Duration:** 10 min'), t);
    });

    it('a failed job: the state in a word in the description; duration, error and recommended action in the tooltip, restart token', () => {
      const tasks: JobTaskLike[] = [
        {
          taskId: 't1',
          friendlyName: 'Create test virtual machine',
          state: 'Failed',
          errors: [{ serviceErrorDetails: { message: 'The <network> was not found.', recommendedAction: 'Pick an existing network.' } }],
        },
      ];
      const m = presentJob(job('Failed', { allowedActions: ['Restart'], tasks, endTime: '2026-11-25T11:53:20Z' }));
      assert.equal(m.description, 'web-01 · failed');
      assert.ok(unescapeMarkdown(m.tooltip).includes('**State:** Failed') && unescapeMarkdown(m.tooltip).includes('**Duration:** 3 min 20 s'), m.tooltip);
      assert.equal(m.contextValue, 'job;failed;canRestart');
      assert.ok(m.tooltip.includes('**Error:** The \\<network\\> was not found\\.'), m.tooltip);
      assert.ok(m.tooltip.includes('**Recommended action:** Pick an existing network\\.'), m.tooltip);
    });

    it('cancel, restart and resume allowed', () => {
      assert.equal(
        presentJob(job('Suspended', { scenarioName: 'PlannedFailover', allowedActions: ['Cancel', 'Restart', 'Resume'] })).contextValue,
        'job;suspended;canCancel;canRestart;canResume',
      );
    });

    it('a suspended failback says it waits for the user and offers Resume; a suspended test failover waits for its cleanup', () => {
      const failback = presentJob(job('Suspended', { scenarioName: 'PlannedFailover', friendlyName: 'Failback', allowedActions: ['Cancel', 'Resume'] }));
      assert.equal(failback.description, 'web-01 · waiting');
      assert.equal(failback.contextValue, 'job;suspended;canCancel;canResume');
      assert.ok(unescapeMarkdown(failback.tooltip).includes('Waiting for you: resume it to go on.'), failback.tooltip);
      const tfo = presentJob(job('Suspended', { allowedActions: ['Cancel', 'Resume'] }));
      assert.equal(tfo.description, 'web-01 · waiting');
      assert.ok(unescapeMarkdown(tfo.tooltip).includes('Waiting for the cleanup'), tfo.tooltip);
      assert.equal(tfo.contextValue, 'job;suspended;canCancel');
    });

    it('a job without tasks is a leaf', () => {
      assert.equal(presentJob(job('Succeeded', { tasks: [] })).collapsible, 'none');
    });

    it('presentJobTask: label, state, duration, errors, stable id', () => {
      const m = presentJobTask(
        {
          taskId: 't9',
          friendlyName: 'Start virtual machine',
          state: 'Failed',
          startTime: '2026-11-25T11:50:00Z',
          endTime: '2026-11-25T11:50:42Z',
          errors: [{ providerErrorDetails: { errorCode: 1, errorMessage: 'Boot failed.', recommendedAction: 'Check the OS disk.' } }],
        },
        'job-1',
        3,
      );
      assert.equal(m.id, 'job:job-1/task:t9');
      assert.equal(m.label, 'Start virtual machine');
      assert.equal(m.description, 'Failed · 42 s');
      assert.equal(m.iconId, 'error');
      assert.equal(m.contextValue, 'jobTask;failed');
      assert.ok(m.tooltip.includes('**Error:** Boot failed\\.') && m.tooltip.includes('**Recommended action:** Check the OS disk\\.'), m.tooltip);
      assert.equal(presentJobTask({ state: 'NotStarted' }, 'job-1', 2).id, 'job:job-1/task:2');
      assert.equal(presentJobTask({ state: 'NotStarted' }, 'job-1', 2).label, '#3');
    });
  });

  describe('withTransient', () => {
    it('keeps id, label, badge and resourceUri; shows the text with a spinner ("Starting…" when it does not fit the sidebar, the text in full on hover)', () => {
      const base = vmModel('Protected');
      const m = withTransient(base, 'Starting test failover…');
      assert.equal(m.id, base.id);
      assert.equal(m.label, base.label);
      assert.deepEqual(m.badge, base.badge);
      assert.equal(m.resourceUri, base.resourceUri);
      assert.equal(m.description, 'Starting…');
      assert.equal(withTransient(base, 'Committing…').description, 'Committing…');
      assert.equal(m.iconId, 'loading~spin');
      assert.equal(m.iconColorId, undefined);
      assert.ok(m.tooltip.startsWith('*Starting test failover…*'));
    });

    it('drops every action token and adds the transient token', () => {
      for (const kind of protectionKinds) {
        const base = vmModel(kind);
        const tokens = withTransient(base, 'x').contextValue.split(';');
        assert.ok(!tokens.some((t) => (vmActions as readonly string[]).includes(t)), `${kind}: ${tokens.join(';')}`);
        assert.deepEqual(tokens, [...base.contextValue.split(';').filter((t) => !(vmActions as readonly string[]).includes(t)), TRANSIENT_TOKEN]);
      }
    });

    it('keeps the stale token and is idempotent', () => {
      const base = presentVm(estateVm(lifecycle.protected, { stale: true }), ctx);
      const once = withTransient(base, 'Starting…');
      assert.equal(once.contextValue, `vm;protected;${STALE_TOKEN};${TRANSIENT_TOKEN}`);
      assert.equal(withTransient(once, 'Starting…').contextValue, once.contextValue);
    });

    it('does not change the model it is given', () => {
      const base = vmModel('Protected');
      const copy = structuredClone(base);
      withTransient(base, 'x');
      assert.deepEqual(base, copy);
    });
  });

  describe('actionCommandId', () => {
    const expected: Record<VmAction, string> = {
      enableProtection: 'azureSiteRecovery.enableReplication',
      testFailover: 'azureSiteRecovery.testFailover',
      testFailoverCleanup: 'azureSiteRecovery.cleanupTestFailover',
      plannedFailover: 'azureSiteRecovery.plannedFailover',
      unplannedFailover: 'azureSiteRecovery.unplannedFailover',
      commit: 'azureSiteRecovery.commitFailover',
      failback: 'azureSiteRecovery.failback',
      reverseReplication: 'azureSiteRecovery.reverseReplication',
      disableProtection: 'azureSiteRecovery.disableReplication',
    };
    for (const action of vmActions) {
      it(`${action} → ${expected[action]}`, () => {
        assert.equal(actionCommandId(action), expected[action]);
        assert.equal(actionForCommandId(expected[action]), action);
      });
    }

    it('all command ids are distinct and are commandIds', () => {
      const ids = vmActions.map(actionCommandId);
      assert.equal(new Set(ids).size, ids.length);
      for (const id of ids) {
        assert.ok((Object.values(commandIds) as string[]).includes(id), id);
      }
      assert.equal(actionForCommandId('azureSiteRecovery.refresh'), undefined);
    });
  });

  describe('helpers', () => {
    it('formatAge', () => {
      const ago = (s: number): string => formatAge(new Date(NOW.getTime() - s * 1000), NOW);
      assert.equal(ago(-30), 'just now');
      assert.equal(ago(2), 'just now');
      assert.equal(ago(42), '42 s ago');
      assert.equal(ago(240), '4 min ago');
      assert.equal(ago(7200), '2 h ago');
      assert.equal(ago(47 * 3600), '47 h ago');
      assert.equal(ago(3 * 86400), '3 days ago');
    });

    it('formatInterval', () => {
      assert.equal(formatInterval(30), 'every 30 s');
      assert.equal(formatInterval(300), 'every 5 min');
      assert.equal(formatInterval(900), 'every 15 min');
      assert.equal(formatInterval(90), 'every 90 s');
      assert.equal(formatInterval(3600), 'every 1 h');
    });

    it('formatDuration', () => {
      assert.equal(formatDuration(42_000), '42 s');
      assert.equal(formatDuration(200_000), '3 min 20 s');
      assert.equal(formatDuration(600_000), '10 min');
      assert.equal(formatDuration(7_500_000), '2 h 5 min');
    });

    it('vmResourceUri round-trips', () => {
      assert.equal(vmResourceUri(VM_ID), `asr-vm:/${VM_ID}`);
      assert.equal(vmIdFromResourceUri(vmResourceUri(VM_ID)), VM_ID);
      assert.equal(vmIdFromResourceUri('file:///x'), undefined);
      assert.equal(vmIdFromResourceUri('asr-vm:/'), undefined);
    });

    it('the presentation modules are pure (no vscode import)', () => {
      const dir = join(__dirname, '..', '..', '..', 'src', 'tree');
      const files = readdirSync(dir).filter((f) => /^present.*\.ts$/.test(f));
      assert.ok(files.includes('presentation.ts'), files.join(','));
      for (const f of files) {
        const text = readFileSync(join(dir, f), 'utf8');
        assert.doesNotMatch(text, /from ['"]vscode['"]|require\(['"]vscode['"]\)/, f);
      }
    });
  });
});
