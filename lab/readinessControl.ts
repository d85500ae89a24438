/**
 * The lab's control API for what a readiness check reads from Azure (docs/lab.md): put a vCPU quota at
 * its limit, restrict a VM size, delete a subnet or give it NICs. Scenarios set the same at start
 * (`compute`, `virtualNetworks[].subnets[].usedAddresses`).
 */
import { ArmError, invalidField } from './core/armError';
import { numberField, stringField, type Json } from './core/body';
import type { LabResponse } from './core/router';
import type { LabState } from './state';
import { key } from './state';
import { regionalCoresName, usages, vmSizes } from './compute/computeCatalogue';

/** POST /_lab/compute/quota `{family, limit?, inUse?}` (family: a usage name such as standardDSv3Family, or `cores`). */
export function setQuota(state: LabState, body: Json): LabResponse {
  const family = stringField(body, 'family', 'family', true);
  const limit = numberField(body, 'limit', 'limit');
  const inUse = numberField(body, 'inUse', 'inUse');
  const quota = state.computeQuota;
  if (family.toLowerCase() === regionalCoresName) {
    quota.regionalLimit = limit ?? quota.regionalLimit;
    quota.regionalInUse = inUse ?? quota.regionalInUse;
  } else {
    const f = quota.families.get(family.toLowerCase());
    if (!f) throw invalidField('family', `The lab has no VM family '${family}': use one of ${[...quota.families.values()].map((x) => x.name).join(', ')} or ${regionalCoresName}.`);
    f.limit = limit ?? f.limit;
    f.inUse = inUse ?? f.inUse;
  }
  return { status: 200, body: { value: usages(state, state.locations[0] ?? '') } };
}

/** POST /_lab/compute/sku `{size, restricted}`: the size answers NotAvailableForSubscription (or no longer). */
export function restrictSize(state: LabState, body: Json): LabResponse {
  const size = stringField(body, 'size', 'size', true);
  const restricted = body.restricted;
  if (typeof restricted !== 'boolean') throw invalidField('restricted', 'restricted must be true or false.');
  if (!vmSizes.some((s) => s.name.toLowerCase() === size.toLowerCase())) throw invalidField('size', `The lab's catalogue has no size '${size}'.`);
  if (restricted) state.computeQuota.restrictedSizes.add(size.toLowerCase());
  else state.computeQuota.restrictedSizes.delete(size.toLowerCase());
  return { status: 200, body: { size, restricted } };
}

/**
 * POST /_lab/subnets `{resourceGroup, virtualNetwork, subnet, deleted?, usedAddresses?}`: deletes the
 * subnet (its GET answers 404 from then on) or sets the private addresses of the NICs in it.
 */
export function changeSubnet(state: LabState, body: Json): LabResponse {
  const rg = stringField(body, 'resourceGroup', 'resourceGroup', true);
  const name = stringField(body, 'virtualNetwork', 'virtualNetwork', true);
  const subnetName = stringField(body, 'subnet', 'subnet', true);
  const vnet = state.virtualNetworks.get(key(rg, name));
  if (!vnet) throw new ArmError(404, 'NotFound', `The lab has no virtual network '${name}' in '${rg}'.`);
  const subnet = vnet.subnets.find((s) => s.name.toLowerCase() === subnetName.toLowerCase());
  if (!subnet) throw new ArmError(404, 'NotFound', `The lab has no subnet '${subnetName}' in '${name}'.`);
  if (body.deleted === true) {
    vnet.subnets = vnet.subnets.filter((s) => s !== subnet);
    return { status: 200, body: { deleted: subnet.name } };
  }
  const used = body.usedAddresses;
  if (!Array.isArray(used) || !used.every((a): a is string => typeof a === 'string')) throw invalidField('usedAddresses', 'usedAddresses must be an array of IPv4 addresses.');
  subnet.usedAddresses = [...used];
  return { status: 200, body: subnet };
}

/**
 * POST /_lab/resources/delete `{id}`: deletes a resource group, virtual network or storage account by
 * its ARM id, so its GET answers 404 from then on. A resource group takes what is in it along
 * (azure-docs azure-resource-manager/management/delete-resource-group.md: "When you delete a
 * resource group, all of its resources are also deleted").
 */
export function deleteResource(state: LabState, body: Json): LabResponse {
  const id = stringField(body, 'id', 'id', true);
  const m = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)(?:\/providers\/(Microsoft\.Network\/virtualNetworks|Microsoft\.Storage\/storageAccounts)\/([^/]+))?\/?$/i.exec(id);
  if (!m) throw invalidField('id', `'${id}' is not the id of a resource group, a virtual network or a storage account.`);
  const [, rg, type, name] = m;
  if (type === undefined) {
    if (!state.resourceGroups.delete(key(rg))) throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
    for (const map of [state.virtualNetworks, state.storageAccounts]) for (const [k, r] of map) if (r.resourceGroup.toLowerCase() === rg.toLowerCase()) map.delete(k);
    return { status: 200, body: { deleted: id } };
  }
  const map = type.toLowerCase().endsWith('virtualnetworks') ? state.virtualNetworks : state.storageAccounts;
  if (!map.delete(key(rg, name))) throw new ArmError(404, 'NotFound', `The lab has no ${type} '${name}' in '${rg}'.`);
  return { status: 200, body: { deleted: id } };
}

/**
 * POST /_lab/items/staticIp `{vm, address}`: the static IP a VM's protected item asks for at failover
 * (vmNics[].ipConfigs[].recoveryStaticIPAddress; `null` back to dynamic), as the portal's Compute and
 * Network settings would set it.
 */
export function setStaticIp(state: LabState, body: Json): LabResponse {
  const vm = stringField(body, 'vm', 'vm', true);
  const address = body.address;
  if (address !== null && typeof address !== 'string') throw invalidField('address', 'address must be an IPv4 address or null.');
  for (const vault of state.vaults.values())
    for (const fabric of vault.fabrics.values())
      for (const item of fabric.container.protectedItems.values())
        if (item.vmName.toLowerCase() === vm.toLowerCase()) {
          item.targetStaticIp = address ?? undefined;
          return { status: 200, body: { vm: item.vmName, address } };
        }
  throw new ArmError(404, 'NotFound', `The lab has no protected item of a VM named '${vm}'.`);
}
