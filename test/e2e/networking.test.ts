/**
 * Compute and Network end to end (issue 16 §1), on the essentials scenario in the real workbench:
 * connect, open Compute and Network on ramh157v01 from its node, set a static IP inside
 * ram-dr-vnet/default, Review, Save; the page follows the update's job and says the address the VM
 * gets; the lab's item then asks for that address. Screenshots go to test-results/e2e-networking/
 * (with ASR_E2E_UPDATE_DOCS=1, the README's picture too: docs/images/compute-network.png).
 */
import assert from 'node:assert/strict';
import { labInfo } from '../../lab/index';
import { eventually } from '../support/wait';
import { connectThroughWizard, essentialsVault, type World, useEssentialsWorld } from './world';
import { textNow } from './workbench';

describe('Networking, end to end: Compute and Network of a protected VM', function () {
  this.timeout(300_000);
  const world = useEssentialsWorld('e2e-networking', { 'azureSiteRecovery.jobs.activePollSeconds': 2 });
  const wb = (): World['wb'] => world().wb;

  it('1. connects and opens Compute and Network on ramh157v01 from its node', async () => {
    await wb().openView();
    await wb().treeItem('Connect to a vault…').click();
    await connectThroughWizard(wb(), labInfo(world().lab), essentialsVault);
    const v01 = await wb().revealTreeItem('ramh157v01', ['RAM-Vault', 'RAM-Site', 'RAM-H1-7']);
    await wb().contextMenu(v01, 'Compute and Network…');
    const wizard = wb().wizard();
    await wizard.waitForHeading('Compute and Network: ramh157v01');
    await wizard.text('Azure VM name').waitFor({ timeout: 60_000 });
    assert.equal(await wizard.text('Azure VM name').inputValue(), 'ramh157v01');
  });

  it('2. sets a static IP inside ram-dr-vnet/default; a reserved address is refused on the field first', async () => {
    const wizard = wb().wizard();
    await wizard.radio('Static IP');
    await wizard.type('Static IP address', '10.20.0.3');
    await wizard.press('Review');
    await eventually('the reserved address refused', async () => (/reserves/.test(await textNow(wizard.problems().first())) ? true : undefined), 30_000, 300);
    await wizard.type('Static IP address', '10.20.0.10');
    // The README's picture: the page with the static IP typed, before Review.
    await wb().shot('compute-network-edit', 'compute-network', 'wizard');
    await wizard.press('Review');
    await wizard.frame.getByText('static IP 10.20.0.10').first().waitFor({ timeout: 30_000 });
    await wb().shot('compute-network-review');
  });

  it('3. Save runs the update; the page says the address the VM gets, and the item asks for it', async () => {
    const wizard = wb().wizard();
    await wizard.press('Save');
    await wizard.frame.getByText(/Saved\. After a failover or a test failover the VM ramh157v01 gets 10\.20\.0\.10/).waitFor({ timeout: 120_000 });
    await wb().shot('compute-network-saved');
    const item = [...world().lab.state.vaults.values()]
      .flatMap((v) => [...v.fabrics.values()])
      .flatMap((f) => [...f.container.protectedItems.values()])
      .find((i) => i.vmName === 'ramh157v01');
    assert.equal(item?.targetStaticIp, '10.20.0.10');
  });

  it('4. after a window reload, the page is restored on the same VM and reads its saved settings from Azure again', async () => {
    await world().page.reload({ waitUntil: 'domcontentloaded', timeout: 120_000 });
    await wb().waitForWorkbench();
    const wizard = wb().wizard();
    await wizard.waitForHeading('Compute and Network: ramh157v01', 120_000);
    await wizard.text('Static IP address').waitFor({ timeout: 60_000 });
    assert.equal(await wizard.text('Static IP address').inputValue(), '10.20.0.10');
    await wizard.press('Cancel');
  });
});
