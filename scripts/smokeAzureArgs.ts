// The command line of `npm run smoke:azure` (scripts/smokeAzure.ts), parsed and checked without
// touching Azure: every mistake is found here, with what to type instead, before any request.

import { cloudNames, isCloudName, type CloudName } from '../src/services/azure/cloud';

export interface SmokeArgs {
  subscriptionId: string;
  resourceGroup: string;
  vault: string;
  cloud: CloudName;
  /** Custom cloud only (for example the ASR lab): ARM endpoint and a CA file to trust. */
  armEndpoint?: string;
  caFile?: string;
  /** Microsoft Entra tenant for the Azure CLI sign-in (default: the CLI's). */
  tenantId?: string;
  /** Sign in with a service principal whose secret is in AZURE_CLIENT_SECRET (else the Azure CLI). */
  servicePrincipal?: { tenantId: string; clientId: string };
  /** The Hyper-V host (FQDN as registered) whose protectable items to list. */
  host?: string;
  /** The VM (name as ASR shows it) to build the enable body for, or to test-fail-over with --write. */
  vm?: string;
  /** The VM's OS disk (vhdName as ASR lists it), when it has several disks. */
  osDisk?: string;
  /** Storage account (ARM id) for replication logs in the printed body; default: the policy's. */
  logStorageAccountId?: string;
  /** Target resource group (ARM id) in the printed body; default: the vault's resource group. */
  targetResourceGroupId?: string;
  /** --write: run a test failover of --vm and clean it up. */
  write: boolean;
  /** Test failover network (ARM id of a virtual network); none: no network attached. */
  testNetworkId?: string;
  /** Where the report (JSON) goes. */
  reportFile: string;
}

export const SMOKE_USAGE = `Usage: npm run smoke:azure -- --subscription <id> --resource-group <name> --vault <name> [options]

Read-only by default: signs in, lists the vault's Hyper-V sites, its registered hosts and (with
--host) the VMs Azure Site Recovery sees on that host, and (with --vm) prints the enable-replication
body the extension would send for that VM. Nothing is created or changed.

Options:
  --host <fqdn>             a registered Hyper-V host: list its VMs as Azure sees them
  --vm <name>               a VM of that host: print the enable body (or, with --write, test-fail it over)
  --os-disk <vhdName>       the VM's OS disk when it has several (as listed for --host)
  --log-storage <armId>     storage account for replication logs in the printed body
  --target-rg <armId>       target resource group in the printed body
  --write                   run a TEST failover of --vm (a protected VM), then clean it up
  --test-network <armId>    the virtual network for the test VM (default: none attached)
  --cloud <name>            ${cloudNames.join(' | ')} (default AzureCloud)
  --arm-endpoint <https>    Custom cloud: its Resource Manager endpoint
  --ca-file <path>          Custom cloud: a CA certificate (PEM) to trust
  --tenant <id>             tenant for the Azure CLI sign-in
  --service-principal <tenantId>/<clientId>   sign in as this service principal; its secret in AZURE_CLIENT_SECRET
  --report <file>           where to write the report (default smoke-azure-report.json)
  --help                    this text

Sign-in: the Azure CLI's (run "az login" first), or a service principal.`;

export class SmokeArgsError extends Error {
  override readonly name = 'SmokeArgsError';
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const RESOURCE_GROUP_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+$/i;
const RESOURCE_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/([^/]+\/[^/]+)\/[^/]+$/i;
const FLAGS_WITH_VALUE = [
  '--subscription',
  '--resource-group',
  '--vault',
  '--cloud',
  '--arm-endpoint',
  '--ca-file',
  '--tenant',
  '--service-principal',
  '--host',
  '--vm',
  '--os-disk',
  '--log-storage',
  '--target-rg',
  '--test-network',
  '--report',
] as const;
type ValueFlag = (typeof FLAGS_WITH_VALUE)[number];

/** `--help` was asked for: print SMOKE_USAGE. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** `type`: 'resourceGroup', or a resource type such as Microsoft.Storage/storageAccounts. */
function armIdOf(value: string, flag: string, type: string): string {
  const ok = type === 'resourceGroup' ? RESOURCE_GROUP_ID.test(value) : RESOURCE_ID.exec(value)?.[1]?.toLowerCase() === type.toLowerCase();
  if (!ok) {
    const shape = type === 'resourceGroup' ? '/subscriptions/<id>/resourceGroups/<group>' : `/subscriptions/<id>/resourceGroups/<group>/providers/${type}/<name>`;
    throw new SmokeArgsError(`${flag} takes an Azure resource id of the form ${shape}, not "${value}".`);
  }
  return value;
}

/** Parses and checks the command line; throws SmokeArgsError with what to do. */
export function parseSmokeArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): SmokeArgs {
  const values = new Map<ValueFlag, string>();
  let write = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (flag === '--write') {
      if (eq > 0) throw new SmokeArgsError('--write takes no value.');
      write = true;
      continue;
    }
    if (!(FLAGS_WITH_VALUE as readonly string[]).includes(flag)) {
      throw new SmokeArgsError(`Unknown option "${flag}". Run with --help to see the options.`);
    }
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || value.trim() === '' || (eq < 0 && value.startsWith('--'))) throw new SmokeArgsError(`${flag} needs a value.`);
    if (values.has(flag as ValueFlag)) throw new SmokeArgsError(`${flag} is given twice.`);
    values.set(flag as ValueFlag, value.trim());
  }
  const need = (flag: ValueFlag, what: string): string => {
    const v = values.get(flag);
    if (v === undefined) throw new SmokeArgsError(`${flag} is required: ${what}.`);
    return v;
  };
  const subscriptionId = need('--subscription', 'the subscription id of the vault');
  if (!GUID.test(subscriptionId)) throw new SmokeArgsError(`--subscription takes a subscription id (a GUID), not "${subscriptionId}".`);
  const resourceGroup = need('--resource-group', "the vault's resource group");
  const vault = need('--vault', 'the Recovery Services vault name');
  const cloudText = values.get('--cloud') ?? 'AzureCloud';
  if (!isCloudName(cloudText)) throw new SmokeArgsError(`--cloud must be one of ${cloudNames.join(', ')}, not "${cloudText}".`);
  const armEndpoint = values.get('--arm-endpoint');
  if (cloudText === 'Custom' && armEndpoint === undefined) throw new SmokeArgsError('--cloud Custom needs --arm-endpoint https://…');
  if (cloudText !== 'Custom' && (armEndpoint !== undefined || values.has('--ca-file'))) throw new SmokeArgsError('--arm-endpoint and --ca-file go with --cloud Custom only.');
  if (armEndpoint !== undefined && !/^https:\/\//i.test(armEndpoint)) throw new SmokeArgsError(`--arm-endpoint must be an https:// address, not "${armEndpoint}".`);
  let servicePrincipal: SmokeArgs['servicePrincipal'];
  const sp = values.get('--service-principal');
  if (sp !== undefined) {
    const [tenantId, clientId, extra] = sp.split('/');
    if (!tenantId || !clientId || extra !== undefined || !GUID.test(clientId))
      throw new SmokeArgsError('--service-principal takes <tenantId>/<clientId>, for example contoso.onmicrosoft.com/9d3b6f0a-2c4e-4a7b-8e1f-5c6d7e8f9a0b.');
    if (!env.AZURE_CLIENT_SECRET) throw new SmokeArgsError('--service-principal needs its secret in the environment variable AZURE_CLIENT_SECRET (never on the command line).');
    servicePrincipal = { tenantId, clientId };
  }
  const vm = values.get('--vm');
  const host = values.get('--host');
  if (vm !== undefined && host === undefined && !write) throw new SmokeArgsError('--vm needs --host (the registered host the VM runs on) to print its enable body.');
  if (values.has('--os-disk') && vm === undefined) throw new SmokeArgsError('--os-disk goes with --vm.');
  if (write && vm === undefined)
    throw new SmokeArgsError('--write needs --vm: the protected VM to test-fail over (a test failover leaves the VM replicating; its test VM is removed at the end).');
  if (values.has('--test-network') && !write) throw new SmokeArgsError('--test-network goes with --write.');
  const tenant = values.get('--tenant');
  const caFile = values.get('--ca-file');
  const osDisk = values.get('--os-disk');
  return {
    subscriptionId,
    resourceGroup,
    vault,
    cloud: cloudText,
    ...(armEndpoint !== undefined ? { armEndpoint } : {}),
    ...(caFile !== undefined ? { caFile } : {}),
    ...(tenant !== undefined ? { tenantId: tenant } : {}),
    ...(servicePrincipal ? { servicePrincipal } : {}),
    ...(host !== undefined ? { host } : {}),
    ...(vm !== undefined ? { vm } : {}),
    ...(osDisk !== undefined ? { osDisk } : {}),
    ...(values.has('--log-storage') ? { logStorageAccountId: armIdOf(values.get('--log-storage') ?? '', '--log-storage', 'Microsoft.Storage/storageAccounts') } : {}),
    ...(values.has('--target-rg') ? { targetResourceGroupId: armIdOf(values.get('--target-rg') ?? '', '--target-rg', 'resourceGroup') } : {}),
    write,
    ...(values.has('--test-network') ? { testNetworkId: armIdOf(values.get('--test-network') ?? '', '--test-network', 'Microsoft.Network/virtualNetworks') } : {}),
    reportFile: values.get('--report') ?? 'smoke-azure-report.json',
  };
}
