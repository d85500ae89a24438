import assert from 'node:assert/strict';
import type { ParsedArmId } from '../../../src/model/armId';
import {
  containerId,
  fabricId,
  formatArmId,
  InvalidArmIdError,
  jobId,
  jobNameFromOperationUrl,
  mappingId,
  parseArmId,
  parseContainerId,
  parseFabricId,
  parseJobId,
  parseMappingId,
  parsePolicyId,
  parseProtectableItemId,
  parseProtectedItemId,
  parseProviderId,
  parseRecoveryPointId,
  parseVaultId,
  policyId,
  protectableItemId,
  protectedItemId,
  providerId,
  recoveryPointId,
  resourceGroupId,
  sameArmId,
  storageAccountId,
  subnetId,
  tryParseArmId,
  vaultId,
  virtualNetworkId,
} from '../../../src/model/armId';
import { recordedItem, recordedOperationUrls } from './recordings';

const SUB = 'b364ed8d-4279-4bf8-8fd1-56f8fa0ae05c';
const VAULT = `/subscriptions/${SUB}/resourceGroups/Arpita-air/providers/Microsoft.RecoveryServices/vaults/h2atest`;
const CONTAINER = `${VAULT}/replicationFabrics/SiteRecoveryTestSite1/replicationProtectionContainers/cloud_eecac84c-1761-50ad-9624-a7092c581567`;

const vault = { subscriptionId: SUB, resourceGroup: 'Arpita-air', vaultName: 'h2atest' };
const fabric = { ...vault, fabricName: 'SiteRecoveryTestSite1' };
const container = { ...fabric, containerName: 'cloud_eecac84c-1761-50ad-9624-a7092c581567' };
const protectedItem = { ...container, protectedItemName: 'VMforSDK' };

describe('model/armId', () => {
  describe('parseArmId', () => {
    it('parses a full Site Recovery id into subscription, group, provider and segments', () => {
      assert.deepEqual(parseArmId(`${CONTAINER}/replicationProtectedItems/VMforSDK`), {
        subscriptionId: SUB,
        resourceGroup: 'Arpita-air',
        provider: 'Microsoft.RecoveryServices',
        segments: [
          { type: 'vaults', name: 'h2atest' },
          { type: 'replicationFabrics', name: 'SiteRecoveryTestSite1' },
          { type: 'replicationProtectionContainers', name: 'cloud_eecac84c-1761-50ad-9624-a7092c581567' },
          { type: 'replicationProtectedItems', name: 'VMforSDK' },
        ],
      });
    });

    it('accepts the keywords in any case, as real ASR writes "/Subscriptions/" and ARM "resourcegroups"', () => {
      const parsed = parseArmId('/Subscriptions/s1/resourcegroups/rg1/PROVIDERS/Microsoft.RecoveryServices/vaults/v1');
      assert.equal(parsed.subscriptionId, 's1');
      assert.equal(parsed.resourceGroup, 'rg1');
      assert.equal(parsed.provider, 'Microsoft.RecoveryServices');
      assert.deepEqual(parsed.segments, [{ type: 'vaults', name: 'v1' }]);
    });

    it('keeps names exactly, including spaces, "_", "-" and "."', () => {
      const parsed = parseArmId('/subscriptions/s/resourceGroups/My RG_1.prod-x/providers/Microsoft.RecoveryServices/vaults/My Vault_2.a-b');
      assert.equal(parsed.resourceGroup, 'My RG_1.prod-x');
      assert.equal(parsed.segments[0]?.name, 'My Vault_2.a-b');
    });

    it('parses a subscription id and a resource group id (no provider)', () => {
      assert.deepEqual(parseArmId('/subscriptions/s'), { subscriptionId: 's', segments: [] });
      assert.deepEqual(parseArmId(`/subscriptions/${SUB}/resourceGroups/prakccyrg`), {
        subscriptionId: SUB,
        resourceGroup: 'prakccyrg',
        segments: [],
      });
    });

    it('parses a subscription-level provider id (no resource group)', () => {
      const parsed = parseArmId('/subscriptions/s/providers/Microsoft.Resources/deployments/d1');
      assert.equal(parsed.resourceGroup, undefined);
      assert.equal(parsed.provider, 'Microsoft.Resources');
      assert.deepEqual(parsed.segments, [{ type: 'deployments', name: 'd1' }]);
    });

    const malformed: [string, string][] = [
      ['', 'empty'],
      ['subscriptions/s/resourceGroups/rg', 'no leading slash'],
      ['/subscription/s', 'misspelt keyword'],
      ['/subscriptions', 'no subscription id'],
      ['/subscriptions/s/resourceGroups', 'no resource group name'],
      ['/subscriptions/s/resourceGroups/rg/providers', 'no provider namespace'],
      ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults', 'type without name'],
      ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics', 'odd segments'],
      ['/subscriptions//resourceGroups/rg', 'empty subscription'],
      ['/subscriptions/s/resourceGroups/rg/', 'trailing slash'],
      ['/subscriptions/s/resourceGroups/rg/things/x', 'unknown keyword instead of providers'],
      ['/subscriptions/s/resourceGroups/rg?api-version=1', 'query string'],
      ['Microsoft Azure', 'ASR recoveryFabricId literal'],
    ];
    for (const [id, why] of malformed) {
      it(`rejects a malformed id (${why}) with InvalidArmIdError`, () => {
        assert.throws(
          () => parseArmId(id),
          (e: unknown) => e instanceof InvalidArmIdError && e.message.includes(`"${id}"`) && e.id === id,
        );
      });
    }

    it('InvalidArmIdError is an Error with a readable message and its own name', () => {
      try {
        parseArmId('/nope');
        assert.fail('expected a throw');
      } catch (e) {
        assert.ok(e instanceof Error);
        assert.ok(e instanceof InvalidArmIdError);
        assert.equal(e.name, 'InvalidArmIdError');
        assert.match(e.message, /^Invalid Azure resource id "\/nope": .+\.$/);
      }
    });

    it('tryParseArmId returns undefined instead of throwing', () => {
      assert.equal(tryParseArmId('bad'), undefined);
      assert.equal(tryParseArmId(undefined), undefined);
      assert.equal(tryParseArmId('/subscriptions/s')?.subscriptionId, 's');
    });
  });

  describe('formatArmId', () => {
    it('writes canonical keywords and round-trips', () => {
      const real = recordedItem('protected').id ?? '';
      assert.match(real, /^\/Subscriptions\//);
      const formatted = formatArmId(parseArmId(real));
      assert.equal(formatted, real.replace('/Subscriptions/', '/subscriptions/'));
      assert.equal(formatArmId(parseArmId('/SUBSCRIPTIONS/s/RESOURCEGROUPS/rg')), '/subscriptions/s/resourceGroups/rg');
    });

    it('parse(format(p)) returns p for every shape', () => {
      const shapes: ParsedArmId[] = [
        { subscriptionId: 's', segments: [] },
        { subscriptionId: 's', resourceGroup: 'rg', segments: [] },
        { subscriptionId: 's', provider: 'Microsoft.Resources', segments: [{ type: 'deployments', name: 'd' }] },
        {
          subscriptionId: 's',
          resourceGroup: 'r g',
          provider: 'Microsoft.RecoveryServices',
          segments: [
            { type: 'vaults', name: 'v' },
            { type: 'replicationJobs', name: 'None' },
          ],
        },
      ];
      for (const p of shapes) {
        assert.deepEqual(parseArmId(formatArmId(p)), p);
      }
    });

    it('refuses empty names, names with "/", and segments without a provider', () => {
      assert.throws(() => formatArmId({ subscriptionId: '', segments: [] }), InvalidArmIdError);
      assert.throws(() => formatArmId({ subscriptionId: 's', resourceGroup: 'a/b', segments: [] }), InvalidArmIdError);
      assert.throws(() => formatArmId({ subscriptionId: 's', segments: [{ type: 'vaults', name: 'v' }] }), InvalidArmIdError);
      assert.throws(() => vaultId({ ...vault, vaultName: '' }), InvalidArmIdError);
    });
  });

  describe('typed ids', () => {
    const cases: { name: string; build: () => string; parse: (id: string) => object; ref: object; suffix: string }[] = [
      { name: 'vault', build: () => vaultId(vault), parse: parseVaultId, ref: vault, suffix: '' },
      {
        name: 'fabric',
        build: () => fabricId(fabric),
        parse: parseFabricId,
        ref: fabric,
        suffix: '/replicationFabrics/SiteRecoveryTestSite1',
      },
      {
        name: 'container',
        build: () => containerId(container),
        parse: parseContainerId,
        ref: container,
        suffix: CONTAINER.slice(VAULT.length),
      },
      {
        name: 'protected item',
        build: () => protectedItemId(protectedItem),
        parse: parseProtectedItemId,
        ref: protectedItem,
        suffix: `${CONTAINER.slice(VAULT.length)}/replicationProtectedItems/VMforSDK`,
      },
      {
        name: 'protectable item',
        build: () => protectableItemId({ ...container, protectableItemName: 'p1' }),
        parse: parseProtectableItemId,
        ref: { ...container, protectableItemName: 'p1' },
        suffix: `${CONTAINER.slice(VAULT.length)}/replicationProtectableItems/p1`,
      },
      {
        name: 'job',
        build: () => jobId({ ...vault, jobName: 'None' }),
        parse: parseJobId,
        ref: { ...vault, jobName: 'None' },
        suffix: '/replicationJobs/None',
      },
      {
        name: 'policy',
        build: () => policyId({ ...vault, policyName: 'protectionprofile2' }),
        parse: parsePolicyId,
        ref: { ...vault, policyName: 'protectionprofile2' },
        suffix: '/replicationPolicies/protectionprofile2',
      },
      {
        name: 'mapping',
        build: () => mappingId({ ...container, mappingName: 'PCMapping' }),
        parse: parseMappingId,
        ref: { ...container, mappingName: 'PCMapping' },
        suffix: `${CONTAINER.slice(VAULT.length)}/replicationProtectionContainerMappings/PCMapping`,
      },
      {
        name: 'provider',
        build: () => providerId({ ...fabric, providerName: 'prov-1' }),
        parse: parseProviderId,
        ref: { ...fabric, providerName: 'prov-1' },
        suffix: '/replicationFabrics/SiteRecoveryTestSite1/replicationRecoveryServicesProviders/prov-1',
      },
      {
        name: 'recovery point',
        build: () => recoveryPointId({ ...protectedItem, recoveryPointName: 'rp1' }),
        parse: parseRecoveryPointId,
        ref: { ...protectedItem, recoveryPointName: 'rp1' },
        suffix: `${CONTAINER.slice(VAULT.length)}/replicationProtectedItems/VMforSDK/recoveryPoints/rp1`,
      },
    ];

    for (const c of cases) {
      it(`${c.name}: builds the ARM path and parses it back to the same ref`, () => {
        const id = c.build();
        assert.equal(id, VAULT + c.suffix);
        assert.deepEqual(c.parse(id), c.ref);
        const shouted = id
          .replace('/subscriptions/', '/Subscriptions/')
          .replace(/\/(resourceGroups|providers|vaults|replication[A-Za-z]+|recoveryPoints)\//g, (m) => m.toUpperCase());
        assert.notEqual(shouted, id);
        assert.deepEqual(c.parse(shouted), c.ref, 'keywords and types match case-insensitively; names are kept');
      });
    }

    it('parses the ids real ASR returns (capital "Subscriptions")', () => {
      const item = recordedItem('protected');
      const ref = parseProtectedItemId(item.id ?? '');
      assert.equal(ref.vaultName, 'h2atest');
      assert.equal(ref.containerName, 'cloud_eecac84c-1761-50ad-9624-a7092c581567');
      assert.equal(ref.protectedItemName, item.name);
      assert.equal(parsePolicyId(item.properties?.policyId ?? '').policyName, 'protectionprofile2');
      assert.equal(parseJobId(item.properties?.currentScenario?.jobId ?? '').jobName, 'None');
    });

    it('rejects an id of another resource type, naming what was expected', () => {
      assert.throws(() => parseVaultId(fabricId(fabric)), /vault id must end with providers\/Microsoft\.RecoveryServices\/vaults\/\{name\}/);
      assert.throws(() => parseFabricId(containerId(container)), InvalidArmIdError);
      assert.throws(() => parseProtectedItemId(protectableItemId({ ...container, protectableItemName: 'x' })), InvalidArmIdError);
      assert.throws(() => parseContainerId(fabricId(fabric)), InvalidArmIdError);
      assert.throws(() => parseJobId(policyId({ ...vault, policyName: 'p' })), InvalidArmIdError);
    });

    it('rejects another provider or a missing resource group', () => {
      assert.throws(() => parseVaultId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/vaults/v'), /provider Microsoft\.RecoveryServices/);
      assert.throws(() => parseVaultId('/subscriptions/s/providers/Microsoft.RecoveryServices/vaults/v'), /needs a resource group/);
      assert.throws(() => parseVaultId('not an id'), InvalidArmIdError);
    });
  });

  describe('sameArmId', () => {
    it('compares case-insensitively and ignores keyword spelling', () => {
      assert.ok(sameArmId(`${VAULT}`, VAULT.replace('/subscriptions/', '/Subscriptions/').replace('resourceGroups', 'resourcegroups')));
      assert.ok(sameArmId(VAULT, VAULT.toUpperCase()));
    });
    it('tells different resources apart and never matches undefined', () => {
      assert.equal(sameArmId(VAULT, `${VAULT}x`), false);
      assert.equal(sameArmId(undefined, VAULT), false);
      assert.equal(sameArmId(VAULT, null), false);
    });
    it('falls back to a case-insensitive string compare for values that are not ids', () => {
      assert.ok(sameArmId('Microsoft Azure', 'microsoft azure'));
      assert.equal(sameArmId('Microsoft Azure', VAULT), false);
    });
  });

  describe('jobNameFromOperationUrl', () => {
    it('reads the job name from real Azure-AsyncOperation and Location URLs', () => {
      const urls = recordedOperationUrls;
      assert.ok(urls.length >= 4);
      for (const url of urls) {
        const name = jobNameFromOperationUrl(url);
        assert.match(name, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, url);
        assert.ok(url.includes(`/${name}?`));
      }
    });

    it('strips the query and accepts either marker in any case, with or without a host', () => {
      assert.equal(
        jobNameFromOperationUrl(
          'https://host/Subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationOperationStatus/10f84032-df9b?api-version=2021-08-01',
        ),
        '10f84032-df9b',
      );
      assert.equal(jobNameFromOperationUrl(`${CONTAINER}/replicationProtectedItems/x/OperationResults/job-1`), 'job-1');
    });

    it('throws when the URL is not an ASR operation URL', () => {
      assert.throws(() => jobNameFromOperationUrl('https://host/subscriptions/s/resourceGroups/rg'), /replicationOperationStatus/);
      assert.throws(() => jobNameFromOperationUrl('https://host/x/operationresults?api-version=1'), /does not end with a job name/);
      assert.throws(() => jobNameFromOperationUrl('https://host/x/operationresults/a/b'), /does not end with a job name/);
    });
  });

  describe('other resource ids', () => {
    it('builds resource group, storage account, virtual network and subnet ids', () => {
      assert.equal(resourceGroupId('s', 'rg'), '/subscriptions/s/resourceGroups/rg');
      assert.equal(storageAccountId('s', 'rg', 'sa1'), '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa1');
      assert.equal(virtualNetworkId('s', 'rg', 'vn'), '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vn');
      assert.equal(subnetId('s', 'rg', 'vn', 'default'), '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vn/subnets/default');
    });

    it('matches the storage account and resource group ids ASR returns', () => {
      const item = recordedItem('initialReplication');
      const details = item.properties?.providerSpecificDetails as unknown as Record<string, string>;
      assert.ok(sameArmId(storageAccountId(SUB, 'Arpita-air', 'sah2atest2'), details['recoveryAzureStorageAccount']));
      assert.ok(sameArmId(resourceGroupId(SUB, 'prakccyrg'), details['recoveryAzureResourceGroupId']));
    });
  });
});
