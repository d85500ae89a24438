import { conflict, invalidField, notFound } from '../core/armError';
import { ok, pageOf } from '../core/arm';
import { bodyObject, numberField, objectField, oneOf, stringField } from '../core/body';
import type { LabRequest, LabResponse } from '../core/router';
import { key } from '../state';
import { policyNameFromId, storageAccount } from './bodyReferences';
import { AsrRouteBase, C, V } from './routeBase';

/** Replication policies and their association with a site's container (container mappings). */
export class PolicyRoutes extends AsrRouteBase {
  register(): void {
    // Policies
    this.add('GET', `${V}/replicationPolicies`, 'replicationPolicies.list', (q) => {
      const v = this.vault(q);
      return pageOf(q, [...v.policies.values()], (p) => this.wire.policy(v, p), this.options.pageSize);
    });
    this.add('GET', `${V}/replicationPolicies/{policy}`, 'replicationPolicies.get', (q) => {
      const v = this.vault(q);
      const p = v.policies.get(key(q.params.policy));
      if (!p) throw notFound('Microsoft.RecoveryServices/vaults/replicationPolicies', q.params.policy, q.params.rg);
      return ok(this.wire.policy(v, p));
    });
    this.add('PUT', `${V}/replicationPolicies/{policy}`, 'replicationPolicies.create', (q) => this.createPolicy(q));
    this.add('GET', `${V}/replicationPolicies/{policy}/operationresults/{job}`, 'replicationPolicies.operationResults', (q) => this.operationResult(q));

    // Container mappings (policy association)
    this.add('GET', `${V}/replicationProtectionContainerMappings`, 'replicationProtectionContainerMappings.list', (q) => {
      const v = this.vault(q);
      const all = [...v.fabrics.values()].flatMap((f) => [...f.container.mappings.values()].map((m) => ({ f, m })));
      return pageOf(
        q,
        all,
        ({ f, m }) => this.wire.mapping(v, f, m),
        this.options.pageSize,
        '$skipToken',
        ({ f, m }) => `${f.name.toLowerCase()}|${m.name.toLowerCase()}`,
      );
    });
    this.add('GET', `${C}/replicationProtectionContainerMappings`, 'replicationProtectionContainerMappings.listByReplicationProtectionContainers', (q) => {
      const { v, f } = this.container(q);
      return pageOf(q, [...f.container.mappings.values()], (m) => this.wire.mapping(v, f, m), this.options.pageSize);
    });
    this.add('GET', `${C}/replicationProtectionContainerMappings/{mapping}`, 'replicationProtectionContainerMappings.get', (q) => {
      const { v, f } = this.container(q);
      const m = f.container.mappings.get(key(q.params.mapping));
      if (!m)
        throw notFound(
          'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectionContainerMappings',
          q.params.mapping,
          q.params.rg,
        );
      return ok(this.wire.mapping(v, f, m));
    });
    this.add('PUT', `${C}/replicationProtectionContainerMappings/{mapping}`, 'replicationProtectionContainerMappings.create', (q) => this.createMapping(q));
    this.add('POST', `${C}/replicationProtectionContainerMappings/{mapping}/remove`, 'replicationProtectionContainerMappings.delete', (q) => this.removeMapping(q));
    this.add('GET', `${C}/replicationProtectionContainerMappings/{mapping}/operationresults/{job}`, 'replicationProtectionContainerMappings.operationResults', (q) =>
      this.operationResult(q),
    );
  }

  private createPolicy(q: LabRequest): LabResponse {
    const v = this.vault(q);
    const name = q.params.policy;
    const body = bodyObject(q.body);
    const props = objectField(body, 'properties', 'properties')!;
    const input = objectField(props, 'providerSpecificInput', 'properties.providerSpecificInput')!;
    const t = 'properties.providerSpecificInput';
    oneOf(stringField(input, 'instanceType', `${t}.instanceType`, true), ['HyperVReplicaAzure'] as const, `${t}.instanceType`);
    const interval = numberField(input, 'replicationInterval', `${t}.replicationInterval`) ?? 300;
    if (interval !== 30 && interval !== 300 && interval !== 900) {
      throw invalidField(`${t}.replicationInterval`, `The replication interval ${interval} is not valid: use 30, 300 or 900 seconds.`);
    }
    const history = numberField(input, 'recoveryPointHistoryDuration', `${t}.recoveryPointHistoryDuration`) ?? 24;
    if (!Number.isInteger(history) || history < 0 || history > 24) {
      throw invalidField(`${t}.recoveryPointHistoryDuration`, `The recovery point retention ${history} is not valid: use a whole number of hours from 0 to 24.`);
    }
    const app = numberField(input, 'applicationConsistentSnapshotFrequencyInHours', `${t}.applicationConsistentSnapshotFrequencyInHours`) ?? 0;
    if (!Number.isInteger(app) || app < 0 || app > 12 || (history > 0 && app > history)) {
      throw invalidField(
        `${t}.applicationConsistentSnapshotFrequencyInHours`,
        `The app-consistent snapshot frequency ${app} is not valid: use 0 to 12 hours, and no more than the retention (${history} hours).`,
      );
    }
    let storageAccountId: string | undefined;
    const accounts = input.storageAccounts;
    if (accounts !== undefined && accounts !== null) {
      if (!Array.isArray(accounts) || accounts.some((a) => typeof a !== 'string')) {
        throw invalidField(`${t}.storageAccounts`, `The field '${t}.storageAccounts' must be an array of storage account ids.`);
      }
      for (const a of accounts as string[]) storageAccount(this.state, a, `${t}.storageAccounts`, v);
      storageAccountId = (accounts as string[])[0];
    }
    if (v.policies.has(key(name))) {
      throw conflict(
        'PolicyAlreadyExists',
        `A replication policy named '${name}' already exists in the vault.`,
        'The name is taken.',
        'Choose another name, or use the existing policy.',
      );
    }
    const path = `${this.wire.vaultBase(v)}/replicationPolicies/${name}`;
    const job = this.engine.startJob(v, {
      scenarioName: 'AddProtectionProfile',
      friendlyName: 'Create replication policy',
      targetObjectId: name,
      targetObjectName: name,
      targetInstanceType: 'ProtectionProfile',
      tasks: [
        ['Prerequisites check', 'Prerequisites check', 5],
        ['Create replication policy', 'Creating the replication policy', 10],
      ],
      resultPath: path,
      onSuccess: () => {
        v.policies.set(key(name), {
          name,
          replicationInterval: interval,
          recoveryPointHistoryHours: history,
          appConsistentFrequencyHours: app,
          storageAccountId,
        });
      },
    });
    return this.accepted(q, v, path, job);
  }

  private createMapping(q: LabRequest): LabResponse {
    const { v, f } = this.container(q);
    const name = q.params.mapping;
    const body = bodyObject(q.body);
    const props = objectField(body, 'properties', 'properties')!;
    const target = stringField(props, 'targetProtectionContainerId', 'properties.targetProtectionContainerId', true);
    if (target !== 'Microsoft Azure') {
      throw invalidField('properties.targetProtectionContainerId', `For a Hyper-V site replicating to Azure the target container must be 'Microsoft Azure', not '${target}'.`);
    }
    const policyId = stringField(props, 'policyId', 'properties.policyId', true);
    const policyName = policyNameFromId(v, policyId, 'properties.policyId');
    const psi = objectField(props, 'providerSpecificInput', 'properties.providerSpecificInput', false);
    if (psi) {
      oneOf(
        stringField(psi, 'instanceType', 'properties.providerSpecificInput.instanceType', true),
        ['ReplicationProviderSpecificContainerMappingInput'] as const,
        'properties.providerSpecificInput.instanceType',
      );
    }
    const existing = f.container.mappings.get(key(name));
    if (existing && existing.policyName.toLowerCase() !== policyName.toLowerCase()) {
      throw conflict(
        'MappingAlreadyExists',
        `The mapping '${name}' already associates policy '${existing.policyName}' with this container.`,
        'A mapping of that name exists with another policy.',
        'Use another mapping name, or remove the existing mapping first.',
      );
    }
    const path = `${this.wire.containerId(v, f)}/replicationProtectionContainerMappings/${name}`;
    if (!existing) f.container.mappings.set(key(name), { name, policyName, state: 'Pairing' });
    const job = this.engine.startJob(v, {
      scenarioName: 'AssociateProtectionProfile',
      friendlyName: 'Associate replication policy',
      targetObjectId: f.container.name,
      targetObjectName: f.name,
      targetInstanceType: 'ProtectionContainer',
      fabricName: f.name,
      tasks: [
        ['Prerequisites check', 'Prerequisites check', 5],
        ['Associate replication policy', 'Associating the replication policy with the site', 15],
      ],
      resultPath: path,
      onSuccess: () => {
        const m = f.container.mappings.get(key(name));
        if (m) m.state = 'Paired';
      },
      onAbort: () => {
        if (!existing) f.container.mappings.delete(key(name));
      },
    });
    return this.accepted(q, v, path, job);
  }

  private removeMapping(q: LabRequest): LabResponse {
    const { v, f } = this.container(q);
    const m = f.container.mappings.get(key(q.params.mapping));
    if (!m)
      throw notFound('Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectionContainerMappings', q.params.mapping, q.params.rg);
    const inUse = [...f.container.protectedItems.values()].filter((i) => i.policyName.toLowerCase() === m.policyName.toLowerCase());
    if (inUse.length > 0) {
      throw conflict(
        'PolicyInUse',
        `The policy '${m.policyName}' protects ${inUse.length} virtual machine(s) in this site and cannot be dissociated.`,
        'Virtual machines replicate with this policy.',
        'Disable replication of those virtual machines first.',
      );
    }
    const path = `${this.wire.containerId(v, f)}/replicationProtectionContainerMappings/${m.name}`;
    m.state = 'Unpairing';
    const job = this.engine.startJob(v, {
      scenarioName: 'DissociateProtectionProfile',
      friendlyName: 'Dissociate replication policy',
      targetObjectId: f.container.name,
      targetObjectName: f.name,
      targetInstanceType: 'ProtectionContainer',
      fabricName: f.name,
      tasks: [['Dissociate replication policy', 'Dissociating the replication policy', 10]],
      resultPath: path,
      onSuccess: () => void f.container.mappings.delete(key(m.name)),
      onAbort: () => {
        m.state = 'Paired';
      },
    });
    return this.accepted(q, v, path, job);
  }
}
