/**
 * The Enable Replication wizard driven through its real message protocol (FormHarness) against
 * the lab, with the real services, real node-powershell and the lab's stand-in PowerShell:
 * (1) a VM on a registered host, reusing the vault's policy, to the protected item in ASR;
 * (2) two VMs on the unregistered host RAM-H1-2: provider install, registration, connected, a new
 *     policy and its association, enable — with two failed steps on the way (a wrong password,
 *     then the host dropping off the network) resumed by Retry without redoing finished steps;
 * (3) a VM that fails preflight cannot be chosen nor submitted.
 */
import assert from 'node:assert/strict';
import { storageAccountId, virtualNetworkId } from '../../src/model/armId';
import { hyperVReplicaDetails } from '../../src/model/protectedItem';
import { listMappings, listPolicies } from '../../src/services/azure/policies';
import { listProtectedItems } from '../../src/services/azure/protection';
import { findHost, type EstateSnapshot } from '../../src/estate';
import { refreshEstate } from '../../src/estate/refresh';
import type { HyperVScript } from '../../src/services/hyperv/scripts';
import { PowerShellRunner, type RunOptions, type ScriptRunner } from '../../src/services/hyperv/powershellRunner';
import type { HyperVCredential } from '../../src/services/hyperv/target';
import { candidatesFromEstate, preselection } from '../../src/webviews/enableReplication/candidates';
import { EnableReplicationWizard, type EnableReplicationDeps } from '../../src/webviews/enableReplication/enableReplicationWizard';
import type { EnableReplicationSnapshot } from '../../src/webviews/enableReplication/snapshot';
import { FormHarness } from '../support/formHarness';
import { labControl, openServices, type ServicesSession } from './servicesSupport';

const admin = { userName: 'CONTOSO\\asradmin', password: 'lab-only-not-a-real-password' };
const wrongPassword = 'wrong-password-123';

/** The real runner, with a record of every script run (and a hook after each). */
class RecordingRunner implements ScriptRunner {
  readonly calls: { script: string; ok: boolean }[] = [];
  afterRun: ((script: string) => Promise<void>) | undefined;
  constructor(private readonly inner: ScriptRunner) {}
  async run(script: HyperVScript, input: unknown, options?: RunOptions): Promise<unknown> {
    let result: unknown;
    try {
      result = await this.inner.run(script, input, options);
    } catch (e) {
      this.calls.push({ script: script.name, ok: false });
      throw e;
    }
    this.calls.push({ script: script.name, ok: true });
    await this.afterRun?.(script.name);
    return result;
  }
}

describe('Enable Replication wizard against the lab (essentials)', function () {
  this.timeout(180000);
  let s: ServicesSession;
  let shell: PowerShellRunner;
  let runner: RecordingRunner;
  let snapshot: EstateSnapshot;
  const watched: { jobName: string; vmName?: string }[] = [];
  const savedCredentials: { hostKey: string; credential: HyperVCredential }[] = [];
  let refreshed = 0;

  before(async () => {
    s = await openServices({ speed: 1000 });
    shell = new PowerShellRunner({ executable: s.lab.pwsh, timeoutMs: 10000 });
    runner = new RecordingRunner(shell);
    // RAM-H1-2 has credentials saved (as the Add Host command stores them), so its VMs are listed.
    ({ snapshot } = await refreshEstate(
      { runner: shell, vctx: s.vctx(), credentialsFor: (h) => Promise.resolve(/^ram-h1-2/i.test(h) ? admin : undefined) },
      { includeLocal: true, settingHosts: ['RAM-H1-7.contoso.local', 'RAM-H1-2.contoso.local'], useActiveDirectory: false },
    ));
  });
  after(async () => {
    await shell.dispose();
    await s.lab.stop();
  });

  function deps(): EnableReplicationDeps {
    return {
      vaultContext: () => Promise.resolve(s.vctx()),
      vaultLocation: 'westeurope',
      storageAccountId: storageAccountId(s.lab.subscriptionId, 'RAM-DR-RG', 'ramdrstorage01'),
      runner,
      hostTarget: (hostKey, credential) => {
        const h = findHost(snapshot, hostKey);
        if (!h) return Promise.reject(new Error(`no host ${hostKey}`));
        const saved = /^ram-h1-2/.test(h.key) ? admin : undefined;
        const use = credential ?? saved;
        return Promise.resolve({
          ...(h.sources.includes('local') ? {} : { computerName: h.fqdn ?? h.name }),
          ...(use ? { credential: use } : {}),
          hostFqdn: h.fqdn ?? h.name,
        });
      },
      saveHostCredential: (hostKey, credential) => {
        savedCredentials.push({ hostKey, credential });
        return Promise.resolve();
      },
      watchJob: (jobName, vmName) => watched.push({ jobName, ...(vmName !== undefined ? { vmName } : {}) }),
      refreshEstate: () => {
        refreshed++;
        return Promise.resolve();
      },
      timing: { pollIntervalMs: 30, connectTimeoutMs: 20000 },
    };
  }

  function open(preselected: string[]): { h: FormHarness<EnableReplicationSnapshot>; wizard: EnableReplicationWizard } {
    const candidates = candidatesFromEstate(snapshot, { savedCredentialHosts: ['RAM-H1-2'] });
    const wizard = new EnableReplicationWizard(deps(), { candidates, preselected });
    return { h: new FormHarness(wizard), wizard };
  }

  function options(h: FormHarness<EnableReplicationSnapshot>, id: string): { value: string; label: string; disabled?: boolean; detail?: string }[] {
    const f = h.field(id);
    assert.ok(f.kind === 'select' || f.kind === 'radio' || f.kind === 'checklist', `${id} has options`);
    return [...f.options];
  }

  function valueOf(h: FormHarness<EnableReplicationSnapshot>, id: string): string {
    const f = h.field(id);
    assert.ok(f.kind === 'select' || f.kind === 'radio' || f.kind === 'text', `${id} has a value`);
    return f.value;
  }

  function stepStates(wizard: EnableReplicationWizard): Record<string, string> {
    return Object.fromEntries(wizard.runSteps.map((x) => [x.id, x.state]));
  }

  const rg = (name: string): string => `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${name}`;

  it('protects ramh157v03 on the registered host RAM-H1-7 end to end, reusing the matching policy', async () => {
    s.lab.log.reset();
    runner.calls.length = 0;
    const candidates = candidatesFromEstate(snapshot);
    const v03 = candidates.vms.find((v) => v.name === 'ramh157v03');
    assert.ok(v03);
    const { h, wizard } = open(preselection(candidates, { vmKey: v03.key }));
    assert.equal(h.view.page, 'vms');
    assert.equal(h.view.stepLabel, 'Step 1 of 7', 'no host access page for a registered host (OS and disks: the VM has two)');
    assert.deepEqual((h.field('vms') as { values: readonly string[] }).values, [v03.key]);

    await h.press('next');
    assert.equal(h.view.page, 'preflight');
    const pre = h.block(`preflight:${v03.key}`);
    assert.ok(pre.kind === 'list' && pre.items.every((i) => i.tone === 'success' || i.tone === 'info'), JSON.stringify(pre));
    assert.ok(h.buttonEnabled('next'));

    await h.press('next');
    assert.equal(h.view.page, 'vmSettings');
    assert.equal(valueOf(h, `os:${v03.key}`), 'Windows', 'OS type from the inventory');
    // Azure lists both disks as "Data"; the host's firmware boot order names the OS disk.
    assert.deepEqual(
      options(h, `osDisk:${v03.key}`).map((o) => o.value),
      ['ramh157v03-os', 'ramh157v03-sql'],
    );
    assert.equal(valueOf(h, `osDisk:${v03.key}`), 'ramh157v03-os');
    await h.press('next');
    assert.equal(h.view.page, 'target');
    assert.equal(valueOf(h, 'storageAccount'), storageAccountId(s.lab.subscriptionId, 'RAM-DR-RG', 'ramdrstorage01'));
    assert.ok(!options(h, 'storageAccount').some((o) => o.label === 'ramnestore01'), 'only storage accounts in the vault region');
    assert.equal(valueOf(h, 'network'), '');
    assert.equal(h.field('subnet').disabled, true);
    await h.set('resourceGroup', rg('RAM-Recovery-RG'));
    const drNet = virtualNetworkId(s.lab.subscriptionId, 'RAM-Network-RG', 'ram-dr-vnet');
    const testNet = virtualNetworkId(s.lab.subscriptionId, 'RAM-Network-RG', 'ram-test-vnet');
    await h.set('network', testNet);
    assert.deepEqual(
      options(h, 'subnet').map((o) => o.value),
      ['isolated'],
    );
    assert.equal(valueOf(h, 'subnet'), 'isolated');
    await h.set('network', drNet);
    assert.deepEqual(
      options(h, 'subnet').map((o) => o.value),
      ['default', 'servers'],
      'the subnet list follows the network',
    );
    assert.equal(valueOf(h, 'subnet'), 'default');
    await h.set('subnet', 'servers');
    await h.set('vmSize', 'Standard_D2s_v3');
    await h.set('license', 'WindowsServer');

    await h.press('next');
    assert.equal(h.view.page, 'policy');
    await h.set('retention', '4');
    const plan = h.block('policyPlan');
    assert.ok(plan.kind === 'textBlock');
    assert.match(plan.text, /existing replication policy "RAM-Policy".*reused/);

    await h.press('next');
    assert.equal(h.view.page, 'review');
    const target = h.block('reviewTarget');
    assert.ok(target.kind === 'summary');
    assert.deepEqual(
      target.rows.map((r) => `${r.label}=${r.value}`),
      [
        'Region=westeurope',
        'Resource group=RAM-Recovery-RG',
        'Storage account for replication logs=ramdrstorage01',
        'Disks in Azure=Managed disks (Standard HDD), created by Azure Site Recovery in the resource group',
        'Virtual network=ram-dr-vnet',
        'Subnet=servers',
        'VM size=Standard_D2s_v3',
        'Windows Server licence=Azure Hybrid Benefit',
      ],
    );

    await h.press('start');
    assert.equal(h.view.page, 'run');
    await wizard.whenIdle();
    const states = stepStates(wizard);
    assert.ok(
      Object.values(states).every((x) => x === 'succeeded' || x === 'skipped'),
      JSON.stringify(h.steps()),
    );
    assert.equal(states[`install:${findHost(snapshot, 'RAM-H1-7')!.key}`], 'skipped');
    assert.match(h.steps().find((x) => x.id === 'policy')?.detail ?? '', /Reusing the existing policy RAM-Policy/);
    assert.ok(h.view.blocks.some((b) => b.id === 'done'));
    assert.ok(!h.buttonEnabled('retry'));

    const item = (await listProtectedItems(s.vctx())).find((i) => i.properties?.friendlyName === 'ramh157v03');
    assert.ok(item, 'the protected item exists in ASR');
    assert.ok(['InitialReplicationInProgress', 'Protected'].includes(item.properties?.protectionState ?? ''), item.properties?.protectionState);
    const details = item.properties?.providerSpecificDetails as
      | {
          recoveryAzureVMSize?: string;
          selectedRecoveryAzureNetworkId?: string;
          recoveryAzureStorageAccount?: string | null;
          recoveryAzureLogStorageAccountId?: string | null;
          azureVmDiskDetails?: { vhdType?: string; vhdName?: string }[];
        }
      | undefined;
    assert.equal(details?.recoveryAzureVMSize, 'Standard_D2s_v3');
    // Replication to managed disks, as recorded: no target storage account, the log account set.
    assert.equal(details?.recoveryAzureStorageAccount, null);
    assert.equal(details?.recoveryAzureLogStorageAccountId?.toLowerCase(), storageAccountId(s.lab.subscriptionId, 'RAM-DR-RG', 'ramdrstorage01').toLowerCase());
    // The disk the wizard named is the one Azure now calls the OS disk.
    assert.deepEqual(
      details?.azureVmDiskDetails?.map((d) => `${d.vhdName}:${d.vhdType}`),
      ['ramh157v03-os:OperatingSystem', 'ramh157v03-sql:Data'],
    );
    assert.equal(details?.selectedRecoveryAzureNetworkId?.toLowerCase(), drNet.toLowerCase());
    assert.ok(hyperVReplicaDetails(item), 'HyperVReplicaAzure details');
    assert.ok(
      watched.some((w) => w.vmName === 'ramh157v03'),
      'the enable job was handed to the status bar',
    );
    assert.equal(refreshed, 1);
    assert.equal(s.lab.log.count('replicationPolicies.create'), 0);
    assert.equal(s.lab.log.count('replicationProtectionContainerMappings.create'), 0, 'RAM-Policy is associated already');
    assert.equal(s.lab.log.count('replicationProtectedItems.create'), 1);
    assert.ok(!runner.calls.some((c) => c.script === 'Install-AsrProvider'), 'nothing installed on a registered host');
    assert.deepEqual(h.warnings, []);

    await h.press('close');
    h.dispose();
  });

  it('protects ramh12v01 and ramh12v02 on the unregistered RAM-H1-2: install, register, connect, new policy; failed steps resumed by Retry', async () => {
    s.lab.log.reset();
    runner.calls.length = 0;
    const candidates = candidatesFromEstate(snapshot, { savedCredentialHosts: ['RAM-H1-2'] });
    const h2 = findHost(snapshot, 'RAM-H1-2')!;
    const pre = preselection(candidates, { hostKey: h2.key });
    const byName = (n: string): string => candidates.vms.find((v) => v.name === n)!.key;
    // From the host node: its unprotected VMs that can be protected (ramh12v03 has a shared VHDX).
    assert.deepEqual(pre, ['ramh12v01', 'ramh12v02'].map(byName));
    const { h, wizard } = open(pre);
    const v03 = options(h, 'vms').find((o) => o.value === byName('ramh12v03'));
    assert.equal(v03?.disabled, true);
    assert.match(v03?.detail ?? '', /shared virtual hard disk/);
    assert.match(options(h, 'vms').find((o) => o.value === byName('ramh12v01'))?.detail ?? '', /provider is installed on the host first/);

    await h.press('next');
    assert.equal(h.view.page, 'preflight');
    const pf = h.block(`preflight:${byName('ramh12v01')}`);
    assert.ok(pf.kind === 'list' && pf.items.some((i) => i.tone === 'info' && /installs the Site Recovery provider/.test(i.text)));

    await h.press('next');
    assert.equal(h.view.page, 'vmSettings');
    // RAM-H1-2 is not registered yet: the disks come from the host's inventory (Gen 2 boot order for v02).
    assert.ok(!h.view.blocks.some((b) => b.id === `osDisk:${byName('ramh12v01')}`), 'one disk and a known OS: nothing to ask');
    assert.deepEqual(
      options(h, `osDisk:${byName('ramh12v02')}`).map((o) => o.value),
      ['ramh12v02-os', 'ramh12v02-files'],
    );
    assert.equal(valueOf(h, `osDisk:${byName('ramh12v02')}`), 'ramh12v02-os');
    await h.press('next');
    assert.equal(h.view.page, 'hostAccess');
    assert.equal(h.view.stepLabel, 'Step 4 of 8');
    assert.match(h.field(`user:${h2.key}`).hint ?? '', /saved for this host/);
    await h.set(`user:${h2.key}`, admin.userName);
    assert.equal(h.buttonEnabled('next'), false, 'a user name without a password');
    assert.match(h.field(`password:${h2.key}`).problem ?? '', /password/);
    await h.set(`password:${h2.key}`, wrongPassword);
    await h.set(`save:${h2.key}`, 'true');
    const pw = h.field(`password:${h2.key}`);
    assert.ok(pw.kind === 'text' && pw.secret === true && pw.value === '', 'the password never goes back to the webview');

    await h.press('next');
    assert.equal(h.view.page, 'target');
    await h.set('resourceGroup', rg('RAM-Recovery-RG'));
    await h.press('next');
    assert.equal(h.view.page, 'policy');
    await h.set('frequency', '900');
    await h.set('retention', '30');
    assert.match(h.field('retention').problem ?? '', /0 to 24/);
    assert.equal(h.buttonEnabled('next'), false);
    await h.set('retention', '12');
    await h.set('appConsistent', '2');
    const plan = h.block('policyPlan');
    assert.ok(plan.kind === 'textBlock');
    assert.match(plan.text, /new policy "HyperV-15min-12h-2h" will be created/);
    await h.press('next');
    assert.equal(h.view.page, 'review');

    await h.press('start');
    await wizard.whenIdle();
    let states = stepStates(wizard);
    assert.equal(states.site, 'succeeded');
    assert.equal(states.credentials, 'succeeded');
    assert.equal(states[`install:${h2.key}`], 'failed');
    assert.equal(states[`register:${h2.key}`], 'pending');
    const installFailure = h.steps().find((x) => x.id === `install:${h2.key}`)?.detail ?? '';
    assert.match(installFailure, /Access denied on RAM-H1-2/);
    assert.doesNotMatch(installFailure, /wrong-password/);
    // The run page offers the credentials again and Retry.
    assert.ok(h.buttonEnabled('retry'));
    await h.set(`password:${h2.key}`, admin.password);

    // Cancelled while the provider install hangs on the host (issue 12 §8): Cancel stops the
    // PowerShell running it, the step says Cancelled and is not done, and Retry redoes it.
    let hostRead!: () => void;
    const installing = new Promise<void>((resolve) => (hostRead = resolve));
    runner.afterRun = async (script) => {
      if (script !== 'Get-HostInfo') return;
      runner.afterRun = undefined;
      await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-2/fault', { fault: 'timeout' });
      hostRead();
    };
    try {
      await h.press('retry');
      await installing;
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(stepStates(wizard)[`install:${h2.key}`], 'running');
      const cancelledAt = Date.now();
      await h.press('cancelRun');
      await wizard.whenIdle();
      assert.ok(Date.now() - cancelledAt < 5000, 'the install stopped at once, not at its 20-minute timeout');
    } finally {
      runner.afterRun = undefined;
      await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-2/fault', { fault: null });
    }
    states = stepStates(wizard);
    assert.equal(states[`install:${h2.key}`], 'failed');
    assert.match(h.steps().find((x) => x.id === `install:${h2.key}`)?.detail ?? '', /^Cancelled\. Press Retry/);
    assert.equal(states[`register:${h2.key}`], 'pending');
    assert.ok(h.buttonEnabled('retry'));

    // This time the install works, and then the host drops off the network.
    let injected = false;
    runner.afterRun = async (script) => {
      if (script === 'Install-AsrProvider' && !injected) {
        injected = true;
        await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-2/fault', { fault: 'unreachable' });
      }
    };
    try {
      await h.press('retry');
      await wizard.whenIdle();
    } finally {
      runner.afterRun = undefined;
      await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-2/fault', { fault: null });
    }
    states = stepStates(wizard);
    assert.equal(states[`install:${h2.key}`], 'succeeded');
    assert.equal(states[`register:${h2.key}`], 'failed');
    assert.match(h.steps().find((x) => x.id === `register:${h2.key}`)?.detail ?? '', /Cannot reach RAM-H1-2/);

    await h.press('retry');
    await wizard.whenIdle();
    states = stepStates(wizard);
    assert.ok(
      Object.values(states).every((x) => x === 'succeeded' || x === 'skipped'),
      JSON.stringify(h.steps(), null, 1),
    );
    assert.equal(wizard.runSteps.length, h.steps().length);

    // Finished steps were not redone: one install, one credentials file, one site read, no site created.
    const installs = s.lab.log.entries.filter((e) => e.method === 'POST' && /^\/_lab\/hosts\/[^/]+\/install$/.test(e.path));
    assert.equal(installs.length, 1, 'the provider was installed once');
    assert.equal(runner.calls.filter((c) => c.script === 'Install-AsrProvider' && c.ok).length, 1, 'the cancelled install never finished; the retried one did, once');
    // The install step starts by reading the host: after the failed registration it was not run again.
    assert.deepEqual(
      runner.calls.filter((c) => c.script !== 'Get-VmInventory').map((c) => `${c.script}:${c.ok ? 'ok' : 'failed'}`),
      [
        'Get-HostInfo:failed',
        'Get-HostInfo:ok',
        'Install-AsrProvider:failed',
        'Get-HostInfo:ok',
        'Install-AsrProvider:ok',
        'Register-AsrProvider:failed',
        'Register-AsrProvider:ok',
      ],
    );
    assert.equal(s.lab.log.count('vaultCertificates.create'), 1, 'one vault credentials file, reused by the retried registration');
    assert.equal(s.lab.log.count('replicationFabrics.create'), 0, 'RAM-Site exists');
    assert.equal(s.lab.log.count('replicationPolicies.create'), 1);
    assert.equal(s.lab.log.count('replicationProtectionContainerMappings.create'), 1);
    assert.equal(s.lab.log.count('replicationProtectedItems.create'), 2);

    const v = s.vctx();
    const policy = (await listPolicies(v)).find((p) => p.name === 'HyperV-15min-12h-2h');
    assert.ok(policy?.id);
    const mappings = await listMappings(v, 'RAM-Site', 'cloud_eecac84c-1761-50ad-9624-a7092c581567');
    assert.ok(
      mappings.some((m) => m.properties?.policyId?.toLowerCase() === policy.id?.toLowerCase() && m.properties?.state === 'Paired'),
      'the new policy is associated',
    );
    const items = await listProtectedItems(v);
    for (const name of ['ramh12v01', 'ramh12v02']) {
      const item = items.find((i) => i.properties?.friendlyName === name);
      assert.ok(item, `${name} is protected`);
      assert.ok(['InitialReplicationInProgress', 'Protected'].includes(item.properties?.protectionState ?? ''));
    }
    assert.ok(!items.some((i) => i.properties?.friendlyName === 'ramh12v03'), 'the VM not chosen was left alone');
    assert.ok(watched.some((w) => w.vmName === 'ramh12v01') && watched.some((w) => w.vmName === 'ramh12v02'));
    assert.deepEqual(
      savedCredentials.map((c) => [c.hostKey, c.credential.userName, c.credential.password === admin.password]),
      [[h2.key, admin.userName, true]],
      'only the credentials that worked are saved',
    );

    // No password anywhere the webview or its saved state sees.
    const everything = JSON.stringify(h.sent) + JSON.stringify(h.snapshot);
    assert.ok(!everything.includes(admin.password) && !everything.includes(wrongPassword));
    h.dispose();
  });

  it('a VM that fails preflight cannot be chosen, and cannot be submitted when opened on it', async () => {
    const candidates = candidatesFromEstate(snapshot);
    const v04 = candidates.vms.find((v) => v.name === 'ramh157v04')!;
    const ess = candidates.vms.find((v) => v.name === 'ramessv01')!;

    // From the palette: nothing chosen; the failing VMs are offered disabled, with the reason.
    const palette = open([]);
    const opts = options(palette.h, 'vms');
    const o4 = opts.find((o) => o.value === v04.key);
    assert.equal(o4?.disabled, true);
    assert.match(o4?.detail ?? '', /Linux/);
    assert.match(opts.find((o) => o.value === ess.key)?.detail ?? '', /not connected/);
    assert.equal(palette.h.buttonEnabled('next'), false);
    assert.equal(await palette.h.checkExpectingRefusal('vms', v04.key, true), 'check: the option cannot be chosen');
    assert.deepEqual((palette.h.field('vms') as { values: readonly string[] }).values, []);
    palette.h.dispose();

    // From the VM's node: it is listed with its errors and Next stays disabled.
    const { h, wizard } = open(preselection(candidates, { vmKey: v04.key }));
    assert.deepEqual((h.field('vms') as { values: readonly string[] }).values, [v04.key]);
    assert.notEqual(options(h, 'vms').find((o) => o.value === v04.key)?.disabled, true, 'ticked already: it can be cleared');
    await h.press('next');
    assert.equal(h.view.page, 'preflight');
    const list = h.block(`preflight:${v04.key}`);
    assert.ok(list.kind === 'list' && list.items.some((i) => i.tone === 'error' && /Generation 2/.test(i.text)), JSON.stringify(list));
    assert.equal(h.buttonEnabled('next'), false);
    assert.match((h.block('blocked') as { text: string }).text, /ramh157v04 cannot be protected/);
    assert.equal(await h.pressExpectingRefusal('next'), 'press: the button is disabled');
    assert.equal(h.view.page, 'preflight');
    assert.equal(wizard.runSteps.length, 0);
    // Back, clear it: it cannot be ticked again.
    await h.press('back');
    await h.check('vms', v04.key, false);
    assert.equal(options(h, 'vms').find((o) => o.value === v04.key)?.disabled, true);
    assert.equal(await h.checkExpectingRefusal('vms', v04.key, true), 'check: the option cannot be chosen');
    assert.deepEqual((h.field('vms') as { values: readonly string[] }).values, []);
    h.dispose();
  });
});

describe('Enable Replication wizard against the lab, without the host\u2019s inventory', function () {
  this.timeout(180000);
  let s: ServicesSession;
  let shell: PowerShellRunner;

  before(async () => {
    s = await openServices({ speed: 1000 });
    shell = new PowerShellRunner({ executable: s.lab.pwsh, timeoutMs: 10000 });
  });
  after(async () => {
    await shell.dispose();
    await s.lab.stop();
  });

  it('protects ramh157v03 on a registered host PowerShell cannot reach: the user names its OS and its OS disk among the disks Azure lists', async () => {
    // RAM-H1-7 is registered and connected to the vault, but its PowerShell remoting is down: the
    // estate knows its VMs from Azure only (no OS, no boot disk).
    await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/fault', { fault: 'unreachable' });
    const { snapshot } = await refreshEstate(
      { runner: shell, vctx: s.vctx(), credentialsFor: () => Promise.resolve(undefined) },
      { includeLocal: false, settingHosts: ['RAM-H1-7.contoso.local'], useActiveDirectory: false },
    );
    const candidates = candidatesFromEstate(snapshot);
    const v03 = candidates.vms.find((v) => v.name === 'ramh157v03');
    assert.ok(v03, 'the VM is offered from Azure\u2019s list');
    assert.equal(v03.osType, undefined);
    assert.equal(v03.suggestedOsDisk, undefined);
    assert.ok(
      v03.findings.some((f) => f.tone === 'warning' && /could not be reached.*choose them/.test(f.text)),
      JSON.stringify(v03.findings),
    );
    assert.ok(!v03.findings.some((f) => f.tone === 'error'), JSON.stringify(v03.findings));

    const wizard = new EnableReplicationWizard(
      {
        vaultContext: () => Promise.resolve(s.vctx()),
        vaultLocation: 'westeurope',
        storageAccountId: storageAccountId(s.lab.subscriptionId, 'RAM-DR-RG', 'ramdrstorage01'),
        runner: shell,
        hostTarget: () => Promise.reject(new Error('nothing runs on a registered host')),
        watchJob: () => undefined,
        refreshEstate: () => Promise.resolve(),
        timing: { pollIntervalMs: 30, connectTimeoutMs: 20000 },
      },
      { candidates, preselected: preselection(candidates, { vmKey: v03.key }) },
    );
    const h = new FormHarness(wizard);
    await h.press('next');
    assert.equal(h.view.page, 'preflight');
    await h.press('next');
    assert.equal(h.view.page, 'vmSettings');
    const os = h.field(`os:${v03.key}`);
    const disk = h.field(`osDisk:${v03.key}`);
    assert.ok(os.kind === 'radio' && disk.kind === 'radio');
    assert.equal(os.value, '', 'no OS assumed');
    assert.equal(disk.value, '', 'no disk guessed');
    assert.deepEqual(
      disk.options.map((o) => o.value),
      ['ramh157v03-os', 'ramh157v03-sql'],
      'Azure\u2019s disk names',
    );
    assert.equal(h.buttonEnabled('next'), false);
    await h.set(`os:${v03.key}`, 'Windows');
    await h.set(`osDisk:${v03.key}`, 'ramh157v03-os');
    await h.press('next');
    assert.equal(h.view.page, 'target');
    await h.set('resourceGroup', `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Recovery-RG`);
    await h.press('next');
    await h.press('next');
    assert.equal(h.view.page, 'review');
    await h.press('start');
    await wizard.whenIdle();
    assert.ok(
      wizard.runSteps.every((x) => x.state === 'succeeded' || x.state === 'skipped'),
      JSON.stringify(h.steps()),
    );
    const item = (await listProtectedItems(s.vctx())).find((i) => i.properties?.friendlyName === 'ramh157v03');
    const disks = (item?.properties?.providerSpecificDetails as { azureVmDiskDetails?: { vhdName?: string; vhdType?: string }[] } | undefined)?.azureVmDiskDetails;
    assert.deepEqual(
      disks?.map((d) => `${d.vhdName}:${d.vhdType}`),
      ['ramh157v03-os:OperatingSystem', 'ramh157v03-sql:Data'],
    );
    h.dispose();
    await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/fault', { fault: null });
  });
});
