/**
 * `npm run smoke:azure -- --subscription … --resource-group … --vault …`: checks the extension's
 * beliefs about Azure Site Recovery against a REAL subscription, with the extension's own service
 * code. Read-only by default (sign in; Hyper-V sites; whether the protectable-items state filter is
 * honoured; registered hosts; with --host the VMs Azure
 * sees on it, disks and all; with --vm the enable-replication body the extension would send).
 * `--write --vm <name>` runs a test failover of one protected VM and cleans it up.
 * Writes a report (JSON, no secret or token) to send back when something differs. Not part of CI:
 * there is no Azure there. Its command line is unit-tested (test/unit/scripts/smokeAzureArgs.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import type { Fabric, ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { resolveCloud, type AzureCloud } from '../src/services/azure/cloud';
import type { VaultContext } from '../src/services/azure/clients';
import { listProtectableItems } from '../src/services/azure/containers';
import { createAzureCliCredential, createServicePrincipalCredential } from '../src/services/azure/credentials';
import { testFailover, testFailoverCleanup } from '../src/services/azure/failover';
import { waitForJob } from '../src/services/azure/jobs';
import { listPolicies } from '../src/services/azure/policies';
import { buildEnableProtectionInput, getProtectedItem, listProtectedItems, protectableDisks, refOfItem } from '../src/services/azure/protection';
import { listRegisteredHosts } from '../src/services/azure/providers';
import { hyperVSiteContainerName, listHyperVSites } from '../src/services/azure/sites';
import { findDiskByName } from '../src/model/osDisk';
import { parseSmokeArgs, SmokeArgsError, SMOKE_USAGE, wantsHelp, type SmokeArgs } from './smokeAzureArgs';
import { compareFilteredList, describeFilterProbe, UNPROTECTED_FILTER } from './smokeFilterProbe';

interface StepReport {
  step: string;
  ok: boolean;
  detail: string;
  data?: unknown;
}

const report: { tool: string; startedAt: string; args: Omit<SmokeArgs, 'servicePrincipal'> & { signIn: string }; steps: StepReport[] } = {
  tool: 'azure-site-recovery-hyperv smoke:azure',
  startedAt: new Date().toISOString(),
  args: { subscriptionId: '', resourceGroup: '', vault: '', cloud: 'AzureCloud', write: false, reportFile: '', signIn: '' },
  steps: [],
};

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function step<T>(name: string, run: () => Promise<{ detail: string; data?: unknown; value: T }>): Promise<T> {
  try {
    const r = await run();
    report.steps.push({ step: name, ok: true, detail: r.detail, ...(r.data !== undefined ? { data: r.data } : {}) });
    say(`  ok    ${name}: ${r.detail}`);
    return r.value;
  } catch (e) {
    const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    report.steps.push({ step: name, ok: false, detail });
    say(`  FAIL  ${name}: ${detail}`);
    throw e;
  }
}

function credentialFor(args: SmokeArgs, cloud: AzureCloud): TokenCredential {
  if (args.servicePrincipal) {
    return createServicePrincipalCredential(cloud, { ...args.servicePrincipal, clientSecret: process.env.AZURE_CLIENT_SECRET ?? '' });
  }
  return createAzureCliCredential(cloud, args.tenantId);
}

/** What the recordings say of a protectable item, to compare with what this subscription says. */
function describeProtectable(item: ProtectableItem): object {
  const custom = item.properties?.customDetails as
    | {
        instanceType?: string;
        generation?: string;
        osDetails?: unknown;
        diskDetails?: { vhdName?: string; vhdType?: string; vhdId?: string; maxSizeMB?: number }[];
        hasPhysicalDisk?: string;
        hasFibreChannelAdapter?: string;
        hasSharedVhd?: string;
      }
    | undefined;
  return {
    name: item.name,
    friendlyName: item.properties?.friendlyName,
    protectionStatus: item.properties?.protectionStatus,
    protectionReadinessErrors: item.properties?.protectionReadinessErrors ?? [],
    instanceType: custom?.instanceType,
    generation: custom?.generation,
    osDetails: custom?.osDetails ?? null,
    disks: (custom?.diskDetails ?? []).map((d) => ({ vhdName: d.vhdName, vhdType: d.vhdType, vhdId: d.vhdId, maxSizeMB: d.maxSizeMB })),
    hasPhysicalDisk: custom?.hasPhysicalDisk,
    hasFibreChannelAdapter: custom?.hasFibreChannelAdapter,
    hasSharedVhd: custom?.hasSharedVhd,
  };
}

/** The command line, or the exit code when it asks for help (0) or is not valid (2). */
function argsOrExitCode(argv: string[]): SmokeArgs | number {
  if (wantsHelp(argv)) {
    say(SMOKE_USAGE);
    return 0;
  }
  try {
    return parseSmokeArgs(argv, process.env);
  } catch (e) {
    if (e instanceof SmokeArgsError) {
      process.stderr.write(`${e.message}\nRun with --help to see the options.\n`);
      return 2;
    }
    throw e;
  }
}

interface VmsOnHost {
  protectable: ProtectableItem[];
  siteOfHost: { fabricName: string; containerName: string } | undefined;
}

/**
 * Whether ASR honours the protectable-items state filter (undocumented: docs/azure-fidelity.md),
 * on the first site: two read-only lists. It never fails the run: a refusal is an answer too.
 */
async function filterProbeStep(vctx: VaultContext, sites: Fabric[]): Promise<void> {
  const site = sites.find((f) => f.name !== undefined && hyperVSiteContainerName(f) !== undefined);
  if (!site?.name) return;
  const [fabricName, containerName] = [site.name, hyperVSiteContainerName(site) ?? ''];
  await step(`protectable-items filter "${UNPROTECTED_FILTER}" on ${fabricName}`, async () => {
    const all = await listProtectableItems(vctx, fabricName, containerName);
    const filtered = await listProtectableItems(vctx, fabricName, containerName, { filter: UNPROTECTED_FILTER }).catch((e: unknown) =>
      e instanceof Error ? e : new Error(String(e)),
    );
    const data = compareFilteredList(all, filtered);
    return { detail: describeFilterProbe(data), data, value: undefined };
  });
}

/** The read-only steps: sign in, Hyper-V sites, registered hosts and, with --host, the VMs Azure sees on it. */
async function readOnlySteps(args: SmokeArgs, vctx: VaultContext): Promise<VmsOnHost> {
  const { credential, cloud } = vctx;
  await step('sign in', async () => {
    const token = await credential.getToken(cloud.managementScope);
    if (!token) throw new Error('No token came back.');
    return { detail: `token for ${cloud.managementScope}, valid until ${new Date(token.expiresOnTimestamp).toISOString()}`, value: undefined };
  });
  const sites = await step('Hyper-V sites', async () => {
    const fabrics = await listHyperVSites(vctx);
    const data = fabrics.map((f) => ({
      name: f.name,
      internalIdentifier: f.properties?.internalIdentifier,
      container: hyperVSiteContainerName(f),
      instanceType: f.properties?.customDetails?.instanceType,
    }));
    return { detail: data.length === 0 ? 'none (Enable Replication creates one)' : data.map((d) => d.name).join(', '), data, value: fabrics };
  });
  const hosts = await step('registered hosts', async () => {
    const list = await listRegisteredHosts(vctx);
    const data = list.map((h) => ({
      friendlyName: h.friendlyName,
      site: h.fabricName,
      connectionStatus: h.connectionStatus,
      providerVersion: h.providerVersion,
      lastHeartbeat: h.lastHeartbeat?.toISOString(),
    }));
    return { detail: data.length === 0 ? 'none' : data.map((d) => `${d.friendlyName} (${d.connectionStatus})`).join(', '), data, value: list };
  });

  await filterProbeStep(vctx, sites);
  let protectable: ProtectableItem[] = [];
  let siteOfHost: { fabricName: string; containerName: string } | undefined;
  if (args.host !== undefined) {
    const wanted = args.host.toLowerCase();
    const h = hosts.find((x) => x.friendlyName.toLowerCase() === wanted || x.friendlyName.toLowerCase().split('.')[0] === wanted.split('.')[0]);
    const fabric = h ? sites.find((f) => f.name?.toLowerCase() === h.fabricName.toLowerCase()) : undefined;
    const containerName = fabric ? hyperVSiteContainerName(fabric) : undefined;
    protectable = await step(`VMs Azure sees on ${args.host}`, async () => {
      if (!h || !fabric?.name || !containerName)
        throw new Error(`${args.host ?? ''} is not a registered host of this vault (registered: ${hosts.map((x) => x.friendlyName).join(', ') || 'none'}).`);
      siteOfHost = { fabricName: fabric.name, containerName };
      const items = (await listProtectableItems(vctx, fabric.name, containerName)).filter((i) =>
        (i.properties?.recoveryServicesProviderId ?? '').toLowerCase().endsWith(`/${h.name.toLowerCase()}`),
      );
      const data = items.map(describeProtectable);
      return { detail: `${items.length} VM(s): ${items.map((i) => i.properties?.friendlyName ?? i.name).join(', ')}`, data, value: items };
    });
  }
  return { protectable, siteOfHost };
}

/** With --vm and no --write: prints the enable-replication body the extension would send, and sends nothing. */
async function enableBodyStep(args: SmokeArgs, vctx: VaultContext, { protectable, siteOfHost }: VmsOnHost): Promise<void> {
  await step(`enable body for ${args.vm ?? ''} (not sent)`, async () => {
    const item = protectable.find((i) => i.properties?.friendlyName?.toLowerCase() === args.vm?.toLowerCase());
    if (!item || !siteOfHost) throw new Error(`${args.vm ?? ''} is not among the VMs Azure sees on ${args.host ?? ''}.`);
    const disks = protectableDisks(item);
    const osDisk = args.osDisk !== undefined ? findDiskByName(disks, args.osDisk) : disks.length === 1 ? disks[0] : undefined;
    if (!osDisk) throw new Error(`Name its OS disk with --os-disk, one of: ${disks.map((d) => d.vhdName).join(', ')}.`);
    const policies = await listPolicies(vctx);
    const policy = policies.find((p) => p.properties?.providerSpecificDetails?.instanceType === 'HyperVReplicaAzure');
    const activeStorage = (policy?.properties?.providerSpecificDetails as { activeStorageAccountId?: string } | undefined)?.activeStorageAccountId;
    const logStorageAccountId = args.logStorageAccountId ?? activeStorage;
    if (!logStorageAccountId) throw new Error('No storage account to name for replication logs: give --log-storage <storage account id>.');
    const body = buildEnableProtectionInput({
      fabricName: siteOfHost.fabricName,
      containerName: siteOfHost.containerName,
      protectedItemName: item.name ?? '',
      policyId: policy?.id ?? '(a policy of the vault)',
      protectableItem: item,
      vmName: item.properties?.friendlyName ?? args.vm ?? '',
      osType: 'Windows',
      osDiskVhdId: osDisk.vhdId,
      logStorageAccountId,
      targetResourceGroupId: args.targetResourceGroupId ?? `/subscriptions/${args.subscriptionId}/resourceGroups/${args.resourceGroup}`,
    });
    say(JSON.stringify(body, null, 2));
    return { detail: `OS disk ${osDisk.vhdName}; body printed above (osType Windows assumed for the print)`, data: body, value: undefined };
  });
}

/** `--write --vm <name>`: a test failover of that protected VM, then its cleanup. */
async function testFailoverSteps(vctx: VaultContext, vmName: string, testNetworkId: string | undefined): Promise<void> {
  const find = async (): Promise<ReplicationProtectedItem> => {
    const all = await listProtectedItems(vctx);
    const found = all.find((i) => i.properties?.friendlyName?.toLowerCase() === vmName.toLowerCase());
    if (!found) throw new Error(`${vmName} is not a protected item of this vault.`);
    return found;
  };
  const item = await step(`${vmName} is protected`, async () => {
    const found = await find();
    return {
      detail: `${found.properties?.protectionState ?? '?'}; allowed: ${(found.properties?.allowedOperations ?? []).join(', ')}`,
      data: { protectionState: found.properties?.protectionState, allowedOperations: found.properties?.allowedOperations, testFailoverState: found.properties?.testFailoverState },
      value: found,
    };
  });
  const tfo = await step(`test failover of ${vmName}`, async () => {
    const op = await testFailover(vctx, item, testNetworkId !== undefined ? { networkId: testNetworkId } : {});
    const job = await waitForJob(vctx, op.jobName, {
      intervalMs: 15_000,
      onProgress: (j) => say(`        job ${op.jobName}: ${j.properties?.state ?? '?'} ${j.properties?.stateDescription ?? ''}`),
    });
    const after = await getProtectedItem(vctx, refOfItem(item));
    const data = {
      job: { state: job.properties?.state, stateDescription: job.properties?.stateDescription, allowedActions: job.properties?.allowedActions },
      item: { protectionState: after.properties?.protectionState, testFailoverState: after.properties?.testFailoverState, allowedOperations: after.properties?.allowedOperations },
    };
    if (job.properties?.state === 'Failed' || job.properties?.state === 'Cancelled')
      throw new Error(`the job ended ${job.properties.state}: ${JSON.stringify(job.properties.errors ?? [])}`);
    return {
      detail: `job ${job.properties?.state ?? '?'} (${job.properties?.stateDescription ?? ''}); item testFailoverState ${after.properties?.testFailoverState ?? '?'}`,
      data,
      value: after,
    };
  });
  await step(`test failover cleanup of ${vmName}`, async () => {
    const op = await testFailoverCleanup(vctx, tfo, 'smoke:azure test failover cleanup');
    const job = await waitForJob(vctx, op.jobName, { intervalMs: 15_000, stopWhenSuspended: false });
    const after = await getProtectedItem(vctx, refOfItem(item));
    const data = {
      job: { state: job.properties?.state },
      item: {
        protectionState: after.properties?.protectionState,
        testFailoverState: after.properties?.testFailoverState,
        testFailoverStateDescription: after.properties?.testFailoverStateDescription,
        allowedOperations: after.properties?.allowedOperations,
      },
    };
    if (job.properties?.state !== 'Succeeded') throw new Error(`the cleanup job ended ${job.properties?.state ?? '?'}`);
    return { detail: `job Succeeded; item testFailoverState ${after.properties?.testFailoverState ?? '?'}`, data, value: undefined };
  });
}

async function main(): Promise<number> {
  const args = argsOrExitCode(process.argv.slice(2));
  if (typeof args === 'number') return args;
  const { servicePrincipal, ...rest } = args;
  report.args = { ...rest, signIn: servicePrincipal ? `service principal ${servicePrincipal.clientId} in ${servicePrincipal.tenantId}` : 'Azure CLI' };
  say(`Azure Site Recovery smoke test (${args.write ? 'WRITE: one test failover and its cleanup' : 'read-only'}) on vault ${args.vault}`);

  let failed = false;
  try {
    const cloud = resolveCloud(
      args.cloud,
      args.cloud === 'Custom' ? { resourceManagerEndpoint: args.armEndpoint ?? '', ...(args.caFile ? { caCertificatePem: readFileSync(args.caFile, 'utf8') } : {}) } : undefined,
    );
    const credential = credentialFor(args, cloud);
    const vctx: VaultContext = {
      credential,
      cloud,
      subscriptionId: args.subscriptionId,
      vault: { subscriptionId: args.subscriptionId, resourceGroup: args.resourceGroup, vaultName: args.vault },
    };
    const onHost = await readOnlySteps(args, vctx);
    if (args.vm !== undefined && !args.write) await enableBodyStep(args, vctx, onHost);
    if (args.write && args.vm !== undefined) await testFailoverSteps(vctx, args.vm, args.testNetworkId);
  } catch {
    failed = true;
  }
  writeFileSync(args.reportFile, `${JSON.stringify(report, null, 2)}\n`);
  say(`\nReport: ${args.reportFile} (no secret or token in it).`);
  if (failed) {
    say('A step failed. Please open an issue with the report attached: it shows what your subscription answered where the extension expected something else.');
    return 1;
  }
  say('Every step passed. If something still looks wrong in the extension, attach the report to an issue too.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
