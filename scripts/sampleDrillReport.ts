// Writes the sample DR drill report the README links to (docs/sample-drill-report.md), rendered by
// the extension's own renderer (src/drills/report/) from a made-up drill of three VMs with two
// earlier drills. Dates are shown in UTC so the file does not depend on the machine. (The HTML
// report of the same drill is not kept in docs/: it is generated text, its style the renderer's.)
// Run: npx tsx scripts/sampleDrillReport.ts (a unit test checks that the files are current).

import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { drillReportMarkdown } from '../src/drills/report/markdownReport';
import type { DrillRecord, DrillVm } from '../src/model/drillRecord';
import type { ReadinessCheck } from '../src/model/readiness';

const sub = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dr';
const vaultId = `${sub}/providers/Microsoft.RecoveryServices/vaults/contoso-dr-vault`;
const items = `${vaultId}/replicationFabrics/hq-site/replicationProtectionContainers/cloud_1/replicationProtectedItems`;

function vm(name: string, start: Date, rtoSeconds: number | undefined, rpoSeconds: number, state: DrillVm['state']): DrillVm {
  const key = `${name.toLowerCase()}-4d2c`;
  const base: DrillVm = {
    vmKey: key,
    name,
    host: 'HV01.contoso.local',
    itemId: `${items}/${key}`,
    state,
    startedAt: start,
    recoveryPoint: { id: `${key}-rp`, time: new Date(start.getTime() - rpoSeconds * 1000) },
    rpoSeconds,
    testFailoverJobId: `${vaultId}/replicationJobs/tfo-${key}`,
    cleanupJobId: `${vaultId}/replicationJobs/cleanup-${key}`,
    cleanedUp: true,
    errors: [],
  };
  if (rtoSeconds === undefined) return base;
  return {
    ...base,
    runningAt: new Date(start.getTime() + rtoSeconds * 1000),
    rtoSeconds,
    testVm: { name: `${name}-test`, id: `${sub}/providers/Microsoft.Compute/virtualMachines/${name}-test` },
  };
}

function checks(subnetDeleted: boolean): ReadinessCheck[] {
  return [
    { id: 'replicationHealth', outcome: 'passed', summary: 'Replication health is Normal.', evidence: 'Protected item: replicationHealth Normal, no health errors.' },
    { id: 'rpo', outcome: 'passed', summary: 'RPO 4 min, target 15 min.', evidence: 'Protected item: lastRecoveryPointReceived.' },
    subnetDeleted
      ? {
          id: 'subnet',
          outcome: 'failed',
          summary: 'Subnet "app" no longer exists in vnet-prod.',
          evidence: 'Network: subnets of vnet-prod.',
          action: "Choose another subnet in the VM's Compute and Network settings.",
        }
      : { id: 'subnet', outcome: 'passed', summary: 'Subnet "app" exists.', evidence: 'Network: subnets of vnet-prod.' },
    { id: 'vcpuQuota', outcome: 'passed', summary: 'standardDSv3Family: 4 of 10 vCPUs used.', evidence: 'Compute usages, westeurope.' },
  ];
}

function drill(id: string, startedAt: Date, vms: DrillVm[]): DrillRecord {
  return {
    id,
    vaultId,
    startedAt,
    endedAt: new Date(startedAt.getTime() + 40 * 60_000),
    testNetworkId: `${sub}/providers/Microsoft.Network/virtualNetworks/vnet-drill`,
    productionNetworkConfirmed: false,
    rpoTargetSeconds: 900,
    rtoTargetSeconds: 1800,
    vms,
    readiness: Object.fromEntries(vms.map((v) => [v.vmKey, checks(v.state === 'failed')])),
  };
}

/** The sample drill and its history. */
export function sampleDrill(): { record: DrillRecord; history: DrillRecord[] } {
  const start = new Date('2026-12-05T09:00:00Z');
  const failed: DrillVm = {
    ...vm('FILE01', start, undefined, 1260, 'failed'),
    // Error 70179 as recorded (docs/evidence/recovery-confidence.md, "Recorded H2A error codes"):
    // "Data change rate beyond supported limits", recommended action abridged there.
    errors: [
      {
        code: '70179',
        message: 'Data change rate beyond supported limits',
        recommendedAction: 'Review the Azure Site Recovery supported limits https://aka.ms/asr-h2a-target-limits',
      },
    ],
  };
  const record = drill('20261205T090000Z-7f3a', start, [vm('SQL01', start, 400, 252, 'passed'), vm('WEB01', start, 2150, 95, 'passed'), failed]);
  const history = [90, 180].map((days) => {
    const at = new Date(start.getTime() - days * 24 * 3600_000);
    return drill(`${at.toISOString().slice(0, 10).replace(/-/g, '')}T090000Z-old`, at, [
      vm('SQL01', at, 380 + days, 200, 'passed'),
      vm('WEB01', at, 900 + days, 80, 'passed'),
      vm('FILE01', at, 700, 300, 'passed'),
    ]);
  });
  return { record, history };
}

/** The sample report in Markdown, with dates in UTC. */
export function sampleReport(): string {
  const tz = process.env.TZ;
  process.env.TZ = 'UTC';
  try {
    const { record, history } = sampleDrill();
    return drillReportMarkdown(record, history);
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
}

export const sampleFile = path.join('docs', 'sample-drill-report.md');

if (require.main === module) {
  const root = path.join(__dirname, '..');
  writeFileSync(path.join(root, sampleFile), sampleReport(), 'utf8');
  console.log(`Wrote ${sampleFile}`);
}
