import { notFound } from '../core/armError';
import { ok } from '../core/arm';
import type { LabRequest } from '../core/router';
import type { ComputeVmState } from '../state';
import { key } from '../state';
import { ArmRouteBase, RG } from '../arm/routeBase';
import { nicIdOf } from '../network/nicRoutes';

const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/{vm}`;

/**
 * Azure Compute VM reads (api-version family `compute`) for the VMs the lab knows: the test
 * failovers' test VMs (lab/compute/testVms.ts) and the failovers' VMs (lab/compute/failoverVms.ts). GET …/virtualMachines/{vm} (with
 * `$expand=instanceView`) and GET …/virtualMachines/{vm}/instanceView (VirtualMachines_InstanceView;
 * docs/evidence/recovery-confidence.md §5).
 */
export class VirtualMachineRoutes extends ArmRouteBase {
  register(): void {
    this.add('compute', 'GET', VM, 'virtualMachines.get', (q) => {
      const vm = this.vm(q);
      const expand = q.query.get('$expand');
      return ok(this.virtualMachine(vm, expand?.toLowerCase() === 'instanceview'));
    });
    this.add('compute', 'GET', `${VM}/instanceView`, 'virtualMachines.instanceView', (q) => ok(this.instanceView(this.vm(q))));
  }

  /** The VM the URL names; ARM's 404 ResourceNotFound when there is none (never created, or cleaned up). */
  private vm(q: LabRequest): ComputeVmState {
    const found = this.state.computeVms.get(key(this.rg(q), q.params.vm));
    if (found) return found;
    throw notFound('Microsoft.Compute/virtualMachines', q.params.vm, q.params.rg);
  }

  private running(vm: ComputeVmState): boolean {
    return this.clock.now() >= vm.runningAt;
  }

  private virtualMachine(vm: ComputeVmState, withInstanceView: boolean): object {
    return {
      id: `/subscriptions/${this.state.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vm.name}`,
      name: vm.name,
      type: 'Microsoft.Compute/virtualMachines',
      location: vm.location,
      properties: {
        vmId: vm.vmId,
        hardwareProfile: { vmSize: vm.vmSize },
        storageProfile: { osDisk: { osType: vm.osType, name: `${vm.name}-osdisk` } },
        // The VM's NIC, where its private IP is (lab/network/nicRoutes.ts); none without a network.
        ...(vm.privateIp ? { networkProfile: { networkInterfaces: [{ id: nicIdOf(this.state, vm), properties: { primary: true } }] } } : {}),
        provisioningState: this.running(vm) ? 'Succeeded' : 'Creating',
        // @azure/arm-compute 23.3.0 VirtualMachineProperties.timeCreated: "Specifies the time at which
        // the Virtual Machine resource was created. Minimum api-version: 2021-11-01." (the spec's).
        timeCreated: new Date(vm.createdAt).toISOString(),
        ...(withInstanceView ? { instanceView: this.instanceView(vm) } : {}),
      },
    };
  }

  /**
   * The statuses as in the spec example VirtualMachine_Get_InstanceView.json (2024-07-01 @ba16d1ab):
   * `{"code": "ProvisioningState/succeeded", "level": "Info", "displayStatus": "Provisioning
   * succeeded", "time": "…"}, {"code": "PowerState/running", "level": "Info", "displayStatus": "VM
   * running"}`. Before that the VM is creating and starting (azure-docs virtual-machines/
   * states-billing.md @011c6133: power states Starting, Running, …; "In the VM InstanceView there
   * will be an element within the `status` array in the form of `ProvisioningState/<state>[/<errorCode>]`").
   * The displayStatus "Creating" and "VM starting" are the lab's own (UNVERIFIED).
   */
  private instanceView(vm: ComputeVmState): object {
    const running = this.running(vm);
    return {
      computerName: vm.name,
      osName: vm.osType === 'Windows' ? 'Windows' : 'Linux',
      statuses: [
        running
          ? { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', time: new Date(vm.runningAt).toISOString() }
          : { code: 'ProvisioningState/creating', level: 'Info', displayStatus: 'Creating' },
        this.powerState(vm, running),
      ],
    };
  }

  /**
   * A failover VM a failback shut down (lab/compute/failoverVms.ts) shows PowerState/deallocated
   * (states-billing.md @011c6133: "Deallocated | The Virtual Machine has released the lease on the
   * underlying hardware and is completely powered off. This state is also referred to as *Stopped
   * (Deallocated)*."); deallocated rather than stopped is UNVERIFIED, and so is the displayStatus
   * "VM deallocated".
   */
  private powerState(vm: ComputeVmState, running: boolean): object {
    if (vm.stoppedAt !== undefined && this.clock.now() >= vm.stoppedAt) return { code: 'PowerState/deallocated', level: 'Info', displayStatus: 'VM deallocated' };
    return running ? { code: 'PowerState/running', level: 'Info', displayStatus: 'VM running' } : { code: 'PowerState/starting', level: 'Info', displayStatus: 'VM starting' };
  }
}
