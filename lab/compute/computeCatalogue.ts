/**
 * The lab's Azure Compute catalogue and regional vCPU quota (docs/evidence/recovery-confidence.md §5):
 * the VM sizes the lab's scenarios use, their families, and the usages a readiness check reads.
 */
import type { ScenarioCompute } from '../scenario';
import type { ComputeQuotaState, LabState } from '../state';

/** One VM size of the catalogue: its family (the usage name, `ResourceSku.family`) and vCPUs. */
export interface VmSize {
  name: string;
  family: string;
  vCPUs: number;
  memoryGB: number;
}

/**
 * The sizes the lab's scenarios and tests use. Family names as `ResourceSku.family` spells them
 * (SPEC-EX ListAvailableResourceSkusForARegion.json @dd68c545: `"family": "standardA0_A7Family"`) and
 * as the usage `name.value` does (`"standardDSv3Family"`, DOCS virtual-machines/quotas.md @2f85b1e5);
 * that the two are always the same string is UNVERIFIED.
 */
export const vmSizes: readonly VmSize[] = [
  { name: 'Standard_A2_v2', family: 'standardAv2Family', vCPUs: 2, memoryGB: 4 },
  { name: 'Standard_B1s', family: 'standardBSFamily', vCPUs: 1, memoryGB: 1 },
  { name: 'Standard_B2s', family: 'standardBSFamily', vCPUs: 2, memoryGB: 4 },
  { name: 'Standard_B2ms', family: 'standardBSFamily', vCPUs: 2, memoryGB: 8 },
  { name: 'Standard_D2s_v3', family: 'standardDSv3Family', vCPUs: 2, memoryGB: 8 },
  { name: 'Standard_D4s_v3', family: 'standardDSv3Family', vCPUs: 4, memoryGB: 16 },
  { name: 'Standard_D8s_v3', family: 'standardDSv3Family', vCPUs: 8, memoryGB: 32 },
  { name: 'Standard_E2s_v3', family: 'standardESv3Family', vCPUs: 2, memoryGB: 16 },
  { name: 'Standard_E4s_v3', family: 'standardESv3Family', vCPUs: 4, memoryGB: 32 },
  { name: 'Standard_F2s_v2', family: 'standardFSv2Family', vCPUs: 2, memoryGB: 4 },
  { name: 'Standard_F4s_v2', family: 'standardFSv2Family', vCPUs: 4, memoryGB: 8 },
];

/** The localized names the portal and Get-AzVMUsage show (DOCS quotas.md: "Standard DSv3 Family vCPUs", "Total Regional vCPUs"). */
const familyLabels: Record<string, string> = {
  standardAv2Family: 'Standard Av2 Family vCPUs',
  standardBSFamily: 'Standard BS Family vCPUs',
  standardDSv3Family: 'Standard DSv3 Family vCPUs',
  standardESv3Family: 'Standard ESv3 Family vCPUs',
  standardFSv2Family: 'Standard FSv2 Family vCPUs',
};

/** The regional total's usage name: `cores` ("Total Regional vCPUs"); the exact value is UNVERIFIED against a Microsoft source. */
export const regionalCoresName = 'cores';

/**
 * The quota a scenario starts with (`compute`); what it does not name: 10 vCPUs per family and 20 in
 * all, nothing in use, no size restricted (the lab's own figures).
 */
export function computeQuotaFrom(s: ScenarioCompute | undefined): ComputeQuotaState {
  const families = new Map(Object.keys(familyLabels).map((f) => [f.toLowerCase(), { name: f, limit: 10, inUse: 0 }]));
  for (const f of s?.families ?? []) {
    const known = families.get(f.name.toLowerCase());
    families.set(f.name.toLowerCase(), { name: known?.name ?? f.name, limit: f.limit ?? known?.limit ?? 10, inUse: f.inUse ?? 0 });
  }
  return {
    regionalLimit: s?.regionalLimit ?? 20,
    regionalInUse: s?.regionalInUse ?? 0,
    families,
    restrictedSizes: new Set((s?.restrictedSizes ?? []).map((x) => x.toLowerCase())),
  };
}

/** vCPUs of the lab's Compute VMs (test VMs and failover VMs) in a location, by family, as the quota counts them. */
function vmCores(state: LabState, location: string): Map<string, number> {
  const byFamily = new Map<string, number>();
  for (const vm of state.computeVms.values()) {
    if (vm.location.toLowerCase() !== location.toLowerCase()) continue;
    const size = vmSizes.find((s) => s.name.toLowerCase() === vm.vmSize.toLowerCase());
    if (!size) continue;
    byFamily.set(size.family.toLowerCase(), (byFamily.get(size.family.toLowerCase()) ?? 0) + size.vCPUs);
  }
  return byFamily;
}

/**
 * Usage_List (computeRPCommon.json 2024-07-01 @1bde0c30): `{unit: "Count", currentValue, limit,
 * name: {value, localizedValue}}`, all four required. The regional total and each family count the
 * scenario's use plus the lab's Compute VMs there (test VMs and failover VMs, a deallocated one too).
 * DOCS quotas.md: "the vCPUs for the VM must not exceed the vCPU quota for the VM size family or the
 * total regional vCPU quota"; "Quota is calculated based on the total number of cores in use both
 * allocated and deallocated."
 */
export function usages(state: LabState, location: string): object[] {
  const quota = state.computeQuota;
  const used = vmCores(state, location);
  const total = [...used.values()].reduce((a, b) => a + b, 0);
  const entry = (value: string, localizedValue: string, currentValue: number, limit: number): object => ({ unit: 'Count', currentValue, limit, name: { value, localizedValue } });
  return [
    entry(regionalCoresName, 'Total Regional vCPUs', quota.regionalInUse + total, quota.regionalLimit),
    ...[...quota.families.values()].map((f) => entry(f.name, familyLabels[f.name] ?? `${f.name} vCPUs`, f.inUse + (used.get(f.name.toLowerCase()) ?? 0), f.limit)),
  ];
}

/**
 * ResourceSkus_List (skus.json 2021-07-01 @3e2e7cb5) for one location: `resourceType`
 * "virtualMachines", `name`, `tier`, `size`, `family`, `locations`, `locationInfo`, `capabilities`
 * with string values (SPEC-EX: `{"name": "vCPUs", "value": "1"}`) and `restrictions` ("empty if there
 * are no restrictions"); a restricted size has `{type: "Location", values: [location],
 * restrictionInfo: {locations: [location]}, reasonCode: "NotAvailableForSubscription"}`.
 */
export function resourceSkus(state: LabState, location: string): object[] {
  return vmSizes.map((s) => ({
    resourceType: 'virtualMachines',
    name: s.name,
    tier: 'Standard',
    size: s.name.replace(/^Standard_/, ''),
    family: s.family,
    locations: [location],
    locationInfo: [{ location, zones: [], zoneDetails: [] }],
    capabilities: [
      { name: 'vCPUs', value: String(s.vCPUs) },
      { name: 'MemoryGB', value: String(s.memoryGB) },
    ],
    restrictions: state.computeQuota.restrictedSizes.has(s.name.toLowerCase())
      ? [{ type: 'Location', values: [location], restrictionInfo: { locations: [location] }, reasonCode: 'NotAvailableForSubscription' }]
      : [],
  }));
}
