/**
 * A refresh reads each site's protectable items under the container named from the site
 * (`cloud_<internalIdentifier>`); against the lab with a container named otherwise (the scenario's
 * `site.containerName`), the list under the derived name is refused and the site's containers are
 * listed instead; and a refresh after the first starts the previous sites' lists at once, and still
 * reads a site created since.
 */
import assert from 'node:assert/strict';
import { readAsr } from '../../src/estate/asrRead';
import { createHyperVSite } from '../../src/services/azure/sites';
import { loadScenario } from '../../lab/scenario';
import { openServices, type ServicesSession } from './servicesSupport';

const CONTAINERS = '/replicationProtectionContainers';

describe('estate: the sites protectable items against the lab', function () {
  this.timeout(120000);
  let s: ServicesSession;
  before(async () => {
    const scenario = loadScenario('essentials');
    if (!scenario.vault?.site) throw new Error('The essentials scenario has no site.');
    s = await openServices({ scenario: { ...scenario, vault: { ...scenario.vault, site: { ...scenario.vault.site, containerName: 'RAM-Cloud' } } }, speed: 50 });
  });
  after(async () => {
    await s.lab.stop();
  });

  it("lists the site's containers when the container named from the site is not found, and reads the one ASR has", async () => {
    s.lab.log.reset();
    const warnings: string[] = [];
    const { items, asr } = await readAsr(s.vctx(), undefined, warnings, undefined);
    assert.deepEqual(warnings, []);
    assert.ok(items.protectableItems.length > 0);
    assert.ok(
      items.protectableItems.every((i) => (i.id ?? '').includes(`${CONTAINERS}/RAM-Cloud/`)),
      items.protectableItems.map((i) => i.id).join('\n'),
    );
    assert.deepEqual(asr?.sites, [{ name: 'RAM-Site', container: 'cloud_eecac84c-1761-50ad-9624-a7092c581567' }]);
    const lists = s.lab.log.entries.filter((e) => e.path.includes(CONTAINERS)).map((e) => `${e.status} ${e.path.slice(e.path.indexOf(CONTAINERS))}`);
    assert.deepEqual(lists, [
      `404 ${CONTAINERS}/cloud_eecac84c-1761-50ad-9624-a7092c581567/replicationProtectableItems`,
      `200 ${CONTAINERS}`,
      `200 ${CONTAINERS}/RAM-Cloud/replicationProtectableItems`,
    ]);

    // The next refresh reads the same items, starting from the sites it found.
    const again = await readAsr(s.vctx(), asr, [], undefined);
    assert.equal(again.items.protectableItems.length, items.protectableItems.length);
  });

  it('a refresh after the first reads a site created since, beside the sites it knew', async () => {
    const first = await readAsr(s.vctx(), undefined, [], undefined);
    const site = await (await createHyperVSite(s.vctx(), 'Second-Site')).result();
    s.lab.log.reset();
    const second = await readAsr(s.vctx(), first.asr, [], undefined);
    assert.equal(second.failed, undefined);
    assert.deepEqual(second.asr?.sites?.map((k) => k.name).sort(), ['RAM-Site', 'Second-Site']);
    const identifier = site.properties?.internalIdentifier ?? '';
    assert.ok(
      s.lab.log.entries.some((e) => e.status === 200 && e.path.endsWith(`Second-Site${CONTAINERS}/cloud_${identifier}/replicationProtectableItems`)),
      s.lab.log.entries.map((e) => `${e.status} ${e.path}`).join('\n'),
    );
    assert.equal(second.items.protectableItems.length, first.items.protectableItems.length, 'the new site has no VM yet');
  });
});
