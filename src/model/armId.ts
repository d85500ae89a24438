// ARM resource ids: parse, format, and typed builders/parsers for the Site Recovery resources.
//
// Real ASR returns ids that start with "/Subscriptions/" (capital S) while ARM itself writes
// "/subscriptions/"; resource groups appear as "resourceGroups" and "resourcegroups". The fixed
// keywords are therefore matched case-insensitively, and names are kept exactly as given
// (they may contain spaces, "_", "-", "." – e.g. the ASR job id ".../replicationJobs/None").

export class InvalidArmIdError extends Error {
  override readonly name = 'InvalidArmIdError';
  constructor(
    readonly id: string,
    reason: string,
  ) {
    super(`Invalid Azure resource id "${id}": ${reason}.`);
  }
}

export interface ArmSegment {
  type: string;
  name: string;
}

export interface ParsedArmId {
  subscriptionId: string;
  resourceGroup?: string;
  /** Resource provider namespace, e.g. "Microsoft.RecoveryServices". */
  provider?: string;
  /** type/name pairs after the provider, e.g. [{ type: 'vaults', name: 'v1' }, { type: 'replicationFabrics', name: 'f1' }]. */
  segments: ArmSegment[];
}

export const RECOVERY_SERVICES_PROVIDER = 'Microsoft.RecoveryServices';

/** Resource type names of the Site Recovery resources, as ARM spells them. */
export const asrResourceTypes = {
  vault: 'vaults',
  fabric: 'replicationFabrics',
  container: 'replicationProtectionContainers',
  protectedItem: 'replicationProtectedItems',
  protectableItem: 'replicationProtectableItems',
  job: 'replicationJobs',
  policy: 'replicationPolicies',
  mapping: 'replicationProtectionContainerMappings',
  provider: 'replicationRecoveryServicesProviders',
  recoveryPoint: 'recoveryPoints',
} as const;

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Parses any ARM resource id ("/subscriptions/{s}[/resourceGroups/{rg}][/providers/{ns}[/{type}/{name}]*]"). */
export function parseArmId(id: string): ParsedArmId {
  if (typeof id !== 'string' || id.length === 0) {
    throw new InvalidArmIdError(String(id), 'the id is empty');
  }
  if (!id.startsWith('/')) {
    throw new InvalidArmIdError(id, 'it must start with "/subscriptions/"');
  }
  if (/[?#]/.test(id)) {
    throw new InvalidArmIdError(id, 'it must not contain a query string or fragment');
  }
  const parts = id.slice(1).split('/');
  if (parts.some((p) => p.length === 0)) {
    throw new InvalidArmIdError(id, 'it contains an empty segment');
  }
  let i = 0;
  const take = (what: string): string => {
    const value = parts[i];
    if (value === undefined) {
      throw new InvalidArmIdError(id, `${what} is missing`);
    }
    i += 1;
    return value;
  };

  if (!sameText(take('"subscriptions"'), 'subscriptions')) {
    throw new InvalidArmIdError(id, 'it must start with "/subscriptions/"');
  }
  const result: ParsedArmId = { subscriptionId: take('the subscription id'), segments: [] };

  if (i < parts.length && sameText(parts[i] ?? '', 'resourceGroups')) {
    i += 1;
    result.resourceGroup = take('the resource group name');
  }
  if (i < parts.length) {
    if (!sameText(parts[i] ?? '', 'providers')) {
      throw new InvalidArmIdError(id, `expected "providers" but found "${parts[i] ?? ''}"`);
    }
    i += 1;
    result.provider = take('the resource provider namespace');
    const rest = parts.slice(i);
    if (rest.length % 2 !== 0) {
      throw new InvalidArmIdError(id, `resource type "${rest[rest.length - 1] ?? ''}" has no name`);
    }
    for (let j = 0; j < rest.length; j += 2) {
      result.segments.push({ type: rest[j] ?? '', name: rest[j + 1] ?? '' });
    }
  }
  return result;
}

/** Like parseArmId, but returns undefined instead of throwing. */
export function tryParseArmId(id: string | undefined | null): ParsedArmId | undefined {
  if (typeof id !== 'string') {
    return undefined;
  }
  try {
    return parseArmId(id);
  } catch {
    return undefined;
  }
}

function checkPart(what: string, value: string | undefined, whole: () => string): void {
  if (value === undefined || value.length === 0 || value.includes('/')) {
    throw new InvalidArmIdError(whole(), `${what} must be a non-empty name without "/"`);
  }
}

/** Formats a parsed id with the canonical keywords "subscriptions", "resourceGroups", "providers". */
export function formatArmId(p: ParsedArmId): string {
  const parts = ['subscriptions', p.subscriptionId];
  if (p.resourceGroup !== undefined) {
    parts.push('resourceGroups', p.resourceGroup);
  }
  if (p.provider !== undefined) {
    parts.push('providers', p.provider);
  }
  for (const s of p.segments) {
    parts.push(s.type, s.name);
  }
  const whole = (): string => '/' + parts.join('/');
  checkPart('the subscription id', p.subscriptionId, whole);
  if (p.resourceGroup !== undefined) {
    checkPart('the resource group name', p.resourceGroup, whole);
  }
  if (p.provider !== undefined) {
    checkPart('the provider namespace', p.provider, whole);
  } else if (p.segments.length > 0) {
    throw new InvalidArmIdError(whole(), 'resource segments need a provider namespace');
  }
  for (const s of p.segments) {
    checkPart('a resource type', s.type, whole);
    checkPart(`the name of "${s.type}"`, s.name, whole);
  }
  return whole();
}

/** Canonical form used for comparisons: parsed and reformatted, then lower-cased. */
function comparableId(id: string): string {
  const parsed = tryParseArmId(id);
  return (parsed ? formatArmId(parsed) : id).toLowerCase();
}

/** Case-insensitive comparison of two ARM ids ("/Subscriptions/..." equals "/subscriptions/..."). */
export function sameArmId(a: string | undefined | null, b: string | undefined | null): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') {
    return false;
  }
  return comparableId(a) === comparableId(b);
}

// ---------------------------------------------------------------------------------------------
// Typed references to Site Recovery resources.

export interface VaultRef {
  subscriptionId: string;
  resourceGroup: string;
  vaultName: string;
}
export interface FabricRef extends VaultRef {
  fabricName: string;
}
export interface ContainerRef extends FabricRef {
  containerName: string;
}
export interface ProtectedItemRef extends ContainerRef {
  protectedItemName: string;
}
export interface ProtectableItemRef extends ContainerRef {
  protectableItemName: string;
}
export interface JobRef extends VaultRef {
  jobName: string;
}
export interface PolicyRef extends VaultRef {
  policyName: string;
}
export interface MappingRef extends ContainerRef {
  mappingName: string;
}
export interface ProviderRef extends FabricRef {
  providerName: string;
}
export interface RecoveryPointRef extends ProtectedItemRef {
  recoveryPointName: string;
}

function asrId(ref: VaultRef, segments: ArmSegment[]): string {
  return formatArmId({
    subscriptionId: ref.subscriptionId,
    resourceGroup: ref.resourceGroup,
    provider: RECOVERY_SERVICES_PROVIDER,
    segments: [{ type: asrResourceTypes.vault, name: ref.vaultName }, ...segments],
  });
}

const T = asrResourceTypes;

function fabricSegments(r: FabricRef): ArmSegment[] {
  return [{ type: T.fabric, name: r.fabricName }];
}
function containerSegments(r: ContainerRef): ArmSegment[] {
  return [...fabricSegments(r), { type: T.container, name: r.containerName }];
}
function protectedItemSegments(r: ProtectedItemRef): ArmSegment[] {
  return [...containerSegments(r), { type: T.protectedItem, name: r.protectedItemName }];
}

export function vaultId(ref: VaultRef): string {
  return asrId(ref, []);
}
export function fabricId(ref: FabricRef): string {
  return asrId(ref, fabricSegments(ref));
}
export function containerId(ref: ContainerRef): string {
  return asrId(ref, containerSegments(ref));
}
export function protectedItemId(ref: ProtectedItemRef): string {
  return asrId(ref, protectedItemSegments(ref));
}
export function protectableItemId(ref: ProtectableItemRef): string {
  return asrId(ref, [...containerSegments(ref), { type: T.protectableItem, name: ref.protectableItemName }]);
}
export function jobId(ref: JobRef): string {
  return asrId(ref, [{ type: T.job, name: ref.jobName }]);
}
export function policyId(ref: PolicyRef): string {
  return asrId(ref, [{ type: T.policy, name: ref.policyName }]);
}
export function mappingId(ref: MappingRef): string {
  return asrId(ref, [...containerSegments(ref), { type: T.mapping, name: ref.mappingName }]);
}
export function providerId(ref: ProviderRef): string {
  return asrId(ref, [...fabricSegments(ref), { type: T.provider, name: ref.providerName }]);
}
export function recoveryPointId(ref: RecoveryPointRef): string {
  return asrId(ref, [...protectedItemSegments(ref), { type: T.recoveryPoint, name: ref.recoveryPointName }]);
}

/**
 * Parses an id of the Site Recovery resource whose type path (after "vaults") is `types`,
 * and returns the vault ref plus the names in order. Throws InvalidArmIdError on any mismatch.
 */
function parseAsrId(id: string, types: readonly string[], what: string): { vault: VaultRef; names: string[] } {
  const p = parseArmId(id);
  const expected = [T.vault, ...types];
  const expectedPath = expected.map((t) => `${t}/{name}`).join('/');
  if (p.resourceGroup === undefined) {
    throw new InvalidArmIdError(id, `a ${what} id needs a resource group`);
  }
  if (p.provider === undefined || !sameText(p.provider, RECOVERY_SERVICES_PROVIDER)) {
    throw new InvalidArmIdError(id, `a ${what} id must use provider ${RECOVERY_SERVICES_PROVIDER}`);
  }
  const matches = p.segments.length === expected.length && p.segments.every((s, k) => sameText(s.type, expected[k] ?? ''));
  if (!matches) {
    throw new InvalidArmIdError(id, `a ${what} id must end with providers/${RECOVERY_SERVICES_PROVIDER}/${expectedPath}`);
  }
  const [vaultSegment, ...rest] = p.segments;
  return {
    vault: { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, vaultName: vaultSegment?.name ?? '' },
    names: rest.map((s) => s.name),
  };
}

function nth(names: string[], k: number): string {
  return names[k] ?? '';
}

export function parseVaultId(id: string): VaultRef {
  return parseAsrId(id, [], 'vault').vault;
}
export function parseFabricId(id: string): FabricRef {
  const { vault, names } = parseAsrId(id, [T.fabric], 'fabric');
  return { ...vault, fabricName: nth(names, 0) };
}
export function parseContainerId(id: string): ContainerRef {
  const { vault, names } = parseAsrId(id, [T.fabric, T.container], 'protection container');
  return { ...vault, fabricName: nth(names, 0), containerName: nth(names, 1) };
}
export function parseProtectedItemId(id: string): ProtectedItemRef {
  const { vault, names } = parseAsrId(id, [T.fabric, T.container, T.protectedItem], 'protected item');
  return { ...vault, fabricName: nth(names, 0), containerName: nth(names, 1), protectedItemName: nth(names, 2) };
}
export function parseProtectableItemId(id: string): ProtectableItemRef {
  const { vault, names } = parseAsrId(id, [T.fabric, T.container, T.protectableItem], 'protectable item');
  return { ...vault, fabricName: nth(names, 0), containerName: nth(names, 1), protectableItemName: nth(names, 2) };
}
export function parseJobId(id: string): JobRef {
  const { vault, names } = parseAsrId(id, [T.job], 'job');
  return { ...vault, jobName: nth(names, 0) };
}
export function parsePolicyId(id: string): PolicyRef {
  const { vault, names } = parseAsrId(id, [T.policy], 'replication policy');
  return { ...vault, policyName: nth(names, 0) };
}
export function parseMappingId(id: string): MappingRef {
  const { vault, names } = parseAsrId(id, [T.fabric, T.container, T.mapping], 'container mapping');
  return { ...vault, fabricName: nth(names, 0), containerName: nth(names, 1), mappingName: nth(names, 2) };
}
export function parseProviderId(id: string): ProviderRef {
  const { vault, names } = parseAsrId(id, [T.fabric, T.provider], 'recovery services provider');
  return { ...vault, fabricName: nth(names, 0), providerName: nth(names, 1) };
}
export function parseRecoveryPointId(id: string): RecoveryPointRef {
  const { vault, names } = parseAsrId(id, [T.fabric, T.container, T.protectedItem, T.recoveryPoint], 'recovery point');
  return {
    ...vault,
    fabricName: nth(names, 0),
    containerName: nth(names, 1),
    protectedItemName: nth(names, 2),
    recoveryPointName: nth(names, 3),
  };
}

// ---------------------------------------------------------------------------------------------
// Async operation URLs.

const OPERATION_MARKERS = ['replicationoperationstatus', 'operationresults'];

/**
 * The ASR job name from an async-operation URL: the last path segment (query stripped) of an
 * `Azure-AsyncOperation` (.../replicationOperationStatus/{job}) or `Location` (.../operationresults/{job}) URL.
 */
export function jobNameFromOperationUrl(url: string): string {
  const path = (url.split(/[?#]/, 1)[0] ?? '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const parts = path.split('/').filter((p) => p.length > 0);
  const markerIndex = parts.findIndex((p) => OPERATION_MARKERS.includes(p.toLowerCase()));
  if (markerIndex < 0) {
    throw new Error(`Not an Azure Site Recovery operation URL (no "replicationOperationStatus" or "operationresults" segment): ${url}`);
  }
  if (markerIndex !== parts.length - 2) {
    throw new Error(`Azure Site Recovery operation URL does not end with a job name after "${parts[markerIndex] ?? ''}": ${url}`);
  }
  const name = parts[parts.length - 1] ?? '';
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

// ---------------------------------------------------------------------------------------------
// Other resources the extension points at.

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return formatArmId({ subscriptionId, resourceGroup, segments: [] });
}
export function storageAccountId(subscriptionId: string, resourceGroup: string, name: string): string {
  return formatArmId({
    subscriptionId,
    resourceGroup,
    provider: 'Microsoft.Storage',
    segments: [{ type: 'storageAccounts', name }],
  });
}
export function virtualNetworkId(subscriptionId: string, resourceGroup: string, name: string): string {
  return formatArmId({
    subscriptionId,
    resourceGroup,
    provider: 'Microsoft.Network',
    segments: [{ type: 'virtualNetworks', name }],
  });
}
export function subnetId(subscriptionId: string, resourceGroup: string, vnet: string, subnet: string): string {
  return formatArmId({
    subscriptionId,
    resourceGroup,
    provider: 'Microsoft.Network',
    segments: [
      { type: 'virtualNetworks', name: vnet },
      { type: 'subnets', name: subnet },
    ],
  });
}
