import { notFound } from '../core/armError';
import { ok } from '../core/arm';
import type { ComputeVmState, LabState } from '../state';
import { ArmRouteBase, RG } from '../arm/routeBase';

/** The name of a lab Compute VM's network interface: `<vm>-nic` (the lab's own naming: UNVERIFIED). */
export function nicNameOf(vm: ComputeVmState): string {
  return `${vm.name}-nic`;
}

export function nicIdOf(state: LabState, vm: ComputeVmState): string {
  return `/subscriptions/${state.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Network/networkInterfaces/${nicNameOf(vm)}`;
}

/**
 * The network interface of a Compute VM the lab knows (a test failover's test VM, lab/compute/testVms.ts;
 * a failover's Azure VM, lab/compute/failoverVms.ts),
 * where Azure shows a VM's private IP: GET …/networkInterfaces/{nic} (NetworkInterfaces_Get; the shape
 * of the spec example NetworkInterfaceGet.json: `"ipConfigurations": [{"name": "ipconfig1", "properties":
 * {"privateIPAddress": "172.20.2.4", "privateIPAllocationMethod": "Dynamic", "subnet": {"id": …},
 * "primary": true}}]`, `"virtualMachine": {"id": …}`). Only VMs that joined a network have one.
 */
export class NicRoutes extends ArmRouteBase {
  register(): void {
    this.add('network', 'GET', `${RG}/providers/Microsoft.Network/networkInterfaces/{nic}`, 'networkInterfaces.get', (q) => {
      const rg = this.rg(q);
      const vm = [...this.state.computeVms.values()].find(
        (v) => v.privateIp && v.resourceGroup.toLowerCase() === rg.toLowerCase() && nicNameOf(v).toLowerCase() === q.params.nic.toLowerCase(),
      );
      if (!vm?.privateIp) throw notFound('Microsoft.Network/networkInterfaces', q.params.nic, rg);
      return ok(this.nic(vm, vm.privateIp));
    });
  }

  private nic(vm: ComputeVmState, ip: NonNullable<ComputeVmState['privateIp']>): object {
    const id = nicIdOf(this.state, vm);
    const vnet = this.state.virtualNetworks.get(ip.vnetKey);
    const subnetId = `/subscriptions/${this.state.subscriptionId}/resourceGroups/${vnet?.resourceGroup ?? ''}/providers/Microsoft.Network/virtualNetworks/${vnet?.name ?? ''}/subnets/${ip.subnet}`;
    return {
      id,
      name: nicNameOf(vm),
      type: 'Microsoft.Network/networkInterfaces',
      location: vm.location,
      properties: {
        provisioningState: 'Succeeded',
        ipConfigurations: [
          {
            id: `${id}/ipConfigurations/ipconfig1`,
            name: 'ipconfig1',
            properties: { privateIPAddress: ip.address, privateIPAllocationMethod: ip.allocation, subnet: { id: subnetId }, primary: true, provisioningState: 'Succeeded' },
          },
        ],
        virtualMachine: { id: `/subscriptions/${this.state.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vm.name}` },
        primary: true,
      },
    };
  }
}
