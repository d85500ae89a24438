import { randomUUID } from 'node:crypto';
import { ArmError, invalidField, notFound } from '../core/armError';
import { ok, pageOf } from '../core/arm';
import { bodyObject, objectField, oneOf, stringField } from '../core/body';
import type { LabRequest, LabResponse } from '../core/router';
import { key } from '../state';
import { AsrRouteBase, C, F, V } from './routeBase';

/**
 * Hyper-V sites (fabrics), the hosts registered in them (providers), their protection containers
 * and the protectable items (VMs of registered hosts).
 */
export class FabricRoutes extends AsrRouteBase {
  register(): void {
    this.registerFabricsAndProviders();
    this.registerContainersAndProtectables();
  }

  private registerFabricsAndProviders(): void {
    // Fabrics (Hyper-V sites)
    this.add('GET', `${V}/replicationFabrics`, 'replicationFabrics.list', (q) => {
      const v = this.vault(q);
      return pageOf(q, [...v.fabrics.values()], (f) => this.wire.fabric(v, f), this.options.pageSize);
    });
    this.add('GET', F, 'replicationFabrics.get', (q) => {
      const v = this.vault(q);
      return ok(this.wire.fabric(v, this.fabric(v, q.params.fabric)));
    });
    this.add('PUT', F, 'replicationFabrics.create', (q) => this.createFabric(q));
    this.add('GET', `${F}/operationresults/{job}`, 'replicationFabrics.operationResults', (q) => this.operationResult(q));

    // Providers (registered Hyper-V hosts)
    this.add('GET', `${V}/replicationRecoveryServicesProviders`, 'replicationRecoveryServicesProviders.list', (q) => {
      const v = this.vault(q);
      const all = [...v.fabrics.values()].flatMap((f) => [...f.providers.values()].map((p) => ({ f, p })));
      return pageOf(
        q,
        all,
        ({ f, p }) => this.wire.provider(v, f, p),
        this.options.pageSize,
        '$skipToken',
        ({ f, p }) => `${f.name.toLowerCase()}|${p.id}`,
      );
    });
    this.add('GET', `${F}/replicationRecoveryServicesProviders`, 'replicationRecoveryServicesProviders.listByReplicationFabrics', (q) => {
      const v = this.vault(q);
      const f = this.fabric(v, q.params.fabric);
      return pageOf(
        q,
        [...f.providers.values()],
        (p) => this.wire.provider(v, f, p),
        this.options.pageSize,
        '$skipToken',
        (p) => p.id,
      );
    });
    this.add('GET', `${F}/replicationRecoveryServicesProviders/{provider}`, 'replicationRecoveryServicesProviders.get', (q) => {
      const v = this.vault(q);
      const f = this.fabric(v, q.params.fabric);
      const p = f.providers.get(key(q.params.provider));
      if (!p) throw notFound('Microsoft.RecoveryServices/vaults/replicationFabrics/replicationRecoveryServicesProviders', q.params.provider, q.params.rg);
      return ok(this.wire.provider(v, f, p));
    });
  }

  private registerContainersAndProtectables(): void {
    // Protection containers
    this.add('GET', `${V}/replicationProtectionContainers`, 'replicationProtectionContainers.list', (q) => {
      const v = this.vault(q);
      return pageOf(
        q,
        [...v.fabrics.values()],
        (f) => this.wire.container(v, f),
        this.options.pageSize,
        '$skipToken',
        (f) => f.name.toLowerCase(),
      );
    });
    this.add('GET', `${F}/replicationProtectionContainers`, 'replicationProtectionContainers.listByReplicationFabrics', (q) => {
      const v = this.vault(q);
      const f = this.fabric(v, q.params.fabric);
      return pageOf(q, [f], (x) => this.wire.container(v, x), this.options.pageSize);
    });
    this.add('GET', C, 'replicationProtectionContainers.get', (q) => {
      const { v, f } = this.container(q);
      return ok(this.wire.container(v, f));
    });

    // Protectable items (VMs of registered hosts)
    this.add('GET', `${C}/replicationProtectableItems`, 'replicationProtectableItems.listByReplicationProtectionContainers', (q) => {
      const { v, f } = this.container(q);
      const wanted = this.protectableFilter(q);
      const vms = this.engine
        .protectableVms(f)
        .filter(({ vm }) => wanted === undefined || (this.engine.itemOfVm(f, vm.vmId) ? 'Protected' : 'Unprotected').toLowerCase() === wanted);
      return pageOf(
        q,
        vms,
        ({ host, vm, providerId }) => this.wire.protectableItem(v, f, host, vm, providerId),
        this.options.pageSize,
        '$skipToken',
        ({ vm }) => vm.vmId.toLowerCase(),
      );
    });
    this.add('GET', `${C}/replicationProtectableItems/{protectable}`, 'replicationProtectableItems.get', (q) => {
      const { v, f } = this.container(q);
      const found = this.engine.protectableVms(f).find(({ vm }) => vm.vmId.toLowerCase() === q.params.protectable.toLowerCase());
      if (!found)
        throw notFound(`${'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectableItems'}`, q.params.protectable, q.params.rg);
      return ok(this.wire.protectableItem(v, f, found.host, found.vm, found.providerId));
    });
  }

  private createFabric(q: LabRequest): LabResponse {
    const v = this.vault(q);
    const body = bodyObject(q.body);
    const props = objectField(body, 'properties', 'properties')!;
    const custom = objectField(props, 'customDetails', 'properties.customDetails', false);
    if (custom) {
      const instanceType = stringField(custom, 'instanceType', 'properties.customDetails.instanceType', true);
      oneOf(instanceType, ['HyperVSite', 'FabricSpecificCreationInput'] as const, 'properties.customDetails.instanceType');
    }
    const name = q.params.fabric;
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(name)) {
      throw invalidField('name', `The site name '${name}' is not valid: use up to 63 letters, digits, '-', '_' or '.', starting with a letter or digit.`);
    }
    const path = `${this.wire.vaultBase(v)}/replicationFabrics/${name}`;
    const existing = v.fabrics.get(key(name));
    const job = this.engine.startJob(v, {
      scenarioName: 'CreateSite',
      friendlyName: 'Create site',
      targetObjectId: existing?.internalIdentifier ?? name,
      targetObjectName: name,
      targetInstanceType: 'Fabric',
      fabricName: name,
      tasks: [
        ['Prerequisites check', 'Prerequisites check', 5],
        ['Create site', 'Creating the Hyper-V site', 15],
      ],
      resultPath: path,
      onSuccess: () => {
        if (v.fabrics.has(key(name))) return;
        const internalIdentifier = randomUUID();
        v.fabrics.set(key(name), {
          name,
          internalIdentifier,
          providers: new Map(),
          container: { name: `cloud_${internalIdentifier}`, mappings: new Map(), protectedItems: new Map() },
        });
      },
    });
    return this.accepted(q, v, path, job);
  }

  private protectableFilter(q: LabRequest): string | undefined {
    const raw = q.query.get('$filter');
    if (!raw) return undefined;
    const m = /^\s*state\s+eq\s+'(Protected|Unprotected)'\s*$/i.exec(raw);
    if (!m) throw new ArmError(400, 'InvalidFilter', `The filter '${raw}' is not supported: use state eq 'Unprotected' or state eq 'Protected'.`, { target: '$filter' });
    return m[1].toLowerCase();
  }
}
