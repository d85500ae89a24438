import assert from 'node:assert/strict';
import { candidatesFromEstate, preselection } from '../../../src/webviews/enableReplication/candidates';
import { initialForm, type EnableReplicationForm } from '../../../src/webviews/enableReplication/form';
import { hostAccessProblem, hostsNeedingAccess, withHostAccess } from '../../../src/webviews/enableReplication/hostAccess';
import { nextPage, pageProblem, pageSequence, previousPage, withVm, type ModelContext } from '../../../src/webviews/enableReplication/pageFlow';
import { newPolicyName, policyDecision, policyDecisionText, policySettings } from '../../../src/webviews/enableReplication/policyChoice';
import { buildRunPlan, DEFAULT_SITE_NAME } from '../../../src/webviews/enableReplication/runPlan';
import { subnetsOf, targetProblems, withNetwork, withTargetDefaults } from '../../../src/webviews/enableReplication/targetChoices';
import { choices, estate, host, ids, netId, policy, rgId, storageId, testNetId, vm } from './enableReplicationFixtures';

function ctx(over: Partial<ModelContext> = {}): ModelContext {
  return { candidates: candidatesFromEstate(estate()), choices: choices(), vaultLocation: 'westeurope', passwordsFor: new Set(), ...over };
}

function formWith(selected: string[], over: Partial<EnableReplicationForm> = {}): EnableReplicationForm {
  const c = ctx();
  return { ...withTargetDefaults(initialForm(c.candidates, selected), choices(), storageId), ...over };
}

describe('enable replication wizard model', () => {
  describe('candidates and preflight', () => {
    it('offers the unprotected VMs with their findings; errors first, each saying what to do', () => {
      const c = candidatesFromEstate(estate());
      assert.deepEqual(
        c.vms.map((v) => v.name),
        ['local', 'web', 'db', 'linux', 'newA', 'newB'],
        'the protected VM is not offered',
      );
      const linux = c.vms.find((v) => v.name === 'linux')!;
      assert.equal(linux.findings[0]?.tone, 'error');
      assert.match(linux.findings[0]?.text ?? '', /Generation 2 VM running Linux.*Replicate a Generation 1 Linux VM instead/);
      assert.deepEqual(c.vms.find((v) => v.name === 'web')!.findings, []);
      // newB is off: Hyper-V does not say its OS; a Gen 1 VM is fine, and the OS type stays unknown.
      const newB = c.vms.find((v) => v.name === 'newB')!;
      assert.equal(newB.osType, undefined);
      assert.deepEqual(newB.findings, []);
    });

    it('blocks VMs of a host that is unreachable, unsupported or registered but not connected', () => {
      const s = estate();
      const hv1 = s.hosts.find((h) => h.name === 'HV1')!;
      hv1.provider = { ...hv1.provider, connected: false };
      const hv2 = s.hosts.find((h) => h.name === 'HV2')!;
      hv2.supported = false;
      hv2.supportReason = 'Host "HV2" runs Windows Server 2012, which Azure Site Recovery does not support. Upgrade the host to Windows Server 2012 R2 or later.';
      const ess = s.hosts.find((h) => h.name === 'ESS')!;
      ess.reachable = false;
      ess.unreachableReason = 'Cannot reach ESS: check that the host is on.';
      const c = candidatesFromEstate(s);
      assert.match(c.vms.find((v) => v.name === 'web')!.findings[0].text, /registered with the vault but not connected.*then refresh/);
      assert.match(c.vms.find((v) => v.name === 'newA')!.findings[0].text, /Upgrade the host/);
      assert.match(c.vms.find((v) => v.name === 'local')!.findings[0].text, /could not be reached.*refresh it, then try again/);
    });

    it('adds ASR readiness errors and a protection status other than Unprotected', () => {
      const s = estate();
      const hv1 = s.hosts.find((h) => h.name === 'HV1')!;
      hv1.vms[0] = vm('web', ids.web, hv1.key, {
        protectableItem: { name: ids.web, properties: { protectionStatus: 'Protecting', protectionReadinessErrors: ['The VM has a disk larger than 4 TB'] } },
      });
      const web = candidatesFromEstate(s).vms.find((v) => v.name === 'web')!;
      assert.ok(web.findings.some((f) => f.tone === 'error' && /not ready for protection: The VM has a disk larger than 4 TB/.test(f.text)));
      assert.ok(web.findings.some((f) => /protection status of "web" as Protecting/.test(f.text)));
    });

    it('blocks a VM whose protection is unknown because ASR could not be read', () => {
      const s = estate();
      const hv1 = s.hosts.find((h) => h.name === 'HV1')!;
      hv1.vms[0] = { ...hv1.vms[0], protectionUnknown: 'readFailed' };
      const c = candidatesFromEstate(s);
      const web = c.vms.find((v) => v.name === 'web')!;
      assert.equal(web.findings[0]?.tone, 'error');
      assert.match(web.findings[0]?.text ?? '', /could not be read at the last refresh, so whether "web" is already protected is not known\. Refresh the estate/);
      assert.ok(!preselection(c, { hostKey: hv1.key }).includes(web.key), 'a host node does not pre-select it');
    });

    it('knows which hosts have saved credentials, by key, name or FQDN', () => {
      const c = candidatesFromEstate(estate(), { savedCredentialHosts: ['hv2'] });
      assert.equal(c.hosts.find((h) => h.name === 'HV2')?.credentialSaved, true);
      assert.equal(c.hosts.find((h) => h.name === 'HV1')?.credentialSaved, false);
    });

    it('pre-selects: a VM node its VM (even one that fails), a host node its VMs that pass, the palette none', () => {
      const c = candidatesFromEstate(estate());
      assert.deepEqual(preselection(c, { vmKey: ids.linux.toUpperCase() }), [ids.linux]);
      assert.deepEqual(preselection(c, { hostKey: 'HV1.contoso.local' }), [ids.web, ids.db]);
      assert.deepEqual(preselection(c, {}), []);
    });
  });

  describe('selection and pages', () => {
    it('needs at least one VM, and a VM with an error cannot be ticked', () => {
      const c = ctx();
      const empty = initialForm(c.candidates, []);
      assert.equal(pageProblem(empty, c), 'Choose at least one virtual machine.');
      assert.deepEqual(nextPage(empty, c), { form: empty, problem: 'Choose at least one virtual machine.' });
      const refused = withVm(empty, c.candidates, ids.linux, true);
      assert.deepEqual(refused.selected, []);
      const two = withVm(withVm(empty, c.candidates, ids.db, true), c.candidates, ids.web, true);
      assert.deepEqual(two.selected, [ids.web, ids.db], 'kept in candidate order');
      assert.deepEqual(withVm(two, c.candidates, ids.web, false).selected, [ids.db]);
    });

    it('stops at preflight while a chosen VM has an error, naming it', () => {
      const c = ctx();
      const form = { ...initialForm(c.candidates, [ids.web, ids.linux]), page: 'preflight' as const };
      const r = nextPage(form, c);
      assert.equal(r.form.page, 'preflight');
      assert.match(r.problem ?? '', /^linux cannot be protected as it is: fix what is listed, or go back and clear it/);
      const ok = nextPage({ ...form, selected: [ids.web] }, c);
      assert.equal(ok.form.page, 'target', 'a registered host needs no host access page');
    });

    it('shows host access only when a chosen VM is on a remote host that needs the provider', () => {
      const c = ctx();
      assert.deepEqual(pageSequence(initialForm(c.candidates, [ids.web]), c.candidates), ['vms', 'preflight', 'target', 'policy', 'review', 'run']);
      assert.deepEqual(
        pageSequence(initialForm(c.candidates, [ids.local]), c.candidates),
        ['vms', 'preflight', 'target', 'policy', 'review', 'run'],
        'this computer needs no remoting',
      );
      const remote = initialForm(c.candidates, [ids.web, ids.newA]);
      assert.deepEqual(pageSequence(remote, c.candidates), ['vms', 'preflight', 'hostAccess', 'target', 'policy', 'review', 'run']);
      assert.deepEqual(
        hostsNeedingAccess(remote, c.candidates).map((h) => h.name),
        ['HV2'],
      );
      assert.equal(nextPage({ ...remote, page: 'preflight' }, c).form.page, 'hostAccess');
      assert.equal(previousPage({ ...remote, page: 'target' }, c.candidates).page, 'hostAccess');
      assert.equal(previousPage({ ...initialForm(c.candidates, [ids.web]), page: 'target' }, c.candidates).page, 'preflight');
      assert.equal(previousPage({ ...remote, page: 'run' }, c.candidates).page, 'run', 'no way back from the run');
    });

    it('host access: empty uses saved credentials or the own account; a user name needs its password and back', () => {
      const h2 = candidatesFromEstate(estate()).hosts.find((h) => h.name === 'HV2')!;
      const none = { hostKey: h2.key, userName: '', save: false };
      assert.deepEqual(hostAccessProblem(h2, none, false), {});
      assert.match(hostAccessProblem(h2, { ...none, userName: 'CONTOSO\\admin' }, false).password ?? '', /Enter the password of CONTOSO\\admin/);
      assert.match(hostAccessProblem(h2, none, true).userName ?? '', /user name that goes with the password.*your own account/);
      assert.match(hostAccessProblem({ ...h2, credentialSaved: true }, none, true).userName ?? '', /the saved credentials/);
      assert.deepEqual(hostAccessProblem(h2, { ...none, userName: 'CONTOSO\\admin' }, true), {});
      const c = ctx();
      const form = withHostAccess({ ...initialForm(c.candidates, [ids.newA]), page: 'hostAccess' }, { ...none, userName: 'CONTOSO\\admin' });
      assert.match(pageProblem(form, c) ?? '', /^HV2: Enter the password/);
      assert.equal(pageProblem(form, { ...c, passwordsFor: new Set([h2.key]) }), undefined);
    });

    it('never goes to the run with next (start does)', () => {
      const c = ctx();
      const review = { ...formWith([ids.web]), page: 'review' as const };
      assert.equal(nextPage(review, c).form.page, 'review');
    });
  });

  describe('target', () => {
    it('defaults to the connection storage account and no network; the subnet follows the network', () => {
      const f = formWith([ids.web]);
      assert.equal(f.resourceGroupId, rgId);
      assert.equal(f.storageAccountId, storageId);
      assert.equal(f.networkId, '');
      assert.equal(f.subnetName, '');
      const ch = choices();
      const dr = withNetwork(f, ch, netId);
      assert.equal(dr.subnetName, 'default', 'the first subnet of the network');
      const servers = { ...dr, subnetName: 'servers' };
      assert.equal(withNetwork(servers, ch, netId).subnetName, 'servers', 'kept when the network has it');
      assert.equal(withNetwork(servers, ch, testNetId).subnetName, 'isolated', 'replaced when it does not');
      assert.equal(withNetwork(servers, ch, '').subnetName, '');
      assert.deepEqual(
        subnetsOf(ch, testNetId).map((x) => x.name),
        ['isolated'],
      );
      assert.deepEqual(targetProblems(withNetwork(f, ch, netId), ch, 'westeurope'), {});
    });

    it('says what is missing: no storage account in the region, a subnet', () => {
      const f = formWith([ids.web]);
      const none = choices({ storageAccounts: [] });
      assert.match(
        targetProblems(withTargetDefaults(f, none), none, 'westeurope').storageAccountId ?? '',
        /no storage account in the vault's region \(westeurope\): create one there/,
      );
      assert.deepEqual(targetProblems({ ...f, vmSize: 'Standard_A2_v2' }, choices(), 'westeurope'), {});
      assert.match(targetProblems({ ...f, networkId: netId, subnetName: 'gone' }, choices(), 'westeurope').subnetName ?? '', /Choose the subnet/);
    });
  });

  describe('policy', () => {
    it('validates each field with a sentence that says the range', () => {
      const f = formWith([ids.web]);
      assert.deepEqual(policySettings(f).problems, {});
      assert.deepEqual(policySettings(f).settings, { replicationIntervalSeconds: 300, recoveryPointHistoryHours: 2, appConsistentFrequencyHours: 1, storageAccountId: storageId });
      assert.match(policySettings({ ...f, retentionHours: '25' }).problems.retentionHours ?? '', /whole number of hours from 0 to 24/);
      assert.match(policySettings({ ...f, retentionHours: 'two' }).problems.retentionHours ?? '', /whole number of hours from 0 to 24/);
      assert.match(policySettings({ ...f, appConsistentHours: '13' }).problems.appConsistentHours ?? '', /0 \(off\) to 12/);
      assert.match(policySettings({ ...f, retentionHours: '2', appConsistentHours: '4' }).problems.appConsistentHours ?? '', /not be longer than the recovery point retention/);
      assert.equal(policySettings({ ...f, retentionHours: '2', appConsistentHours: '4' }).settings, undefined);
      const c = ctx();
      assert.match(pageProblem({ ...f, page: 'policy', retentionHours: '99' }, c) ?? '', /0 to 24/);
    });

    it('reuses a policy with the same settings and says so; else names a new one', () => {
      const f = formWith([ids.web], { retentionHours: '4', appConsistentHours: '1' });
      const settings = policySettings(f).settings!;
      const reuse = policyDecision(settings, choices().policies);
      assert.equal(reuse.kind, 'reuse');
      assert.equal(policyDecisionText(reuse), 'The existing replication policy "Existing-5min" has these settings: it will be reused.');
      const other = policyDecision({ ...settings, replicationIntervalSeconds: 30 }, choices().policies);
      assert.deepEqual([other.kind, other.name], ['create', 'HyperV-30s-4h-1h']);
      assert.match(policyDecisionText(other), /No replication policy of the vault has these settings: a new policy "HyperV-30s-4h-1h" will be created/);
      // Another storage account is another policy; a taken name gets a suffix.
      const elsewhere = policyDecision({ ...settings, storageAccountId: storageId.replace('drstore', 'otherstore') }, choices().policies);
      assert.equal(elsewhere.kind, 'create');
      assert.equal(newPolicyName(settings, [policy('HyperV-5min-4h-1h', 30, 1, 0), policy('hyperv-5min-4h-1h-2', 30, 1, 0)]), 'HyperV-5min-4h-1h-3');
    });
  });

  describe('plan', () => {
    it('uses the registered host\u2019s site, installs on the others, carries the target', () => {
      const c = ctx();
      const f = withNetwork(formWith([ids.web, ids.newA], { vmSize: 'Standard_B2s', licenseType: 'WindowsServer' }), choices(), netId);
      const plan = buildRunPlan(f, c);
      assert.deepEqual(plan.sites, [{ name: 'Site-A', create: false }]);
      assert.deepEqual(
        plan.hosts.map((h) => [h.name, h.setup, h.site]),
        [
          ['HV1', false, 'Site-A'],
          ['HV2', true, 'Site-A'],
        ],
      );
      assert.deepEqual(
        plan.vms.map((v) => [v.name, v.osType]),
        [
          ['web', 'Windows'],
          ['newA', 'Windows'],
        ],
      );
      assert.deepEqual(plan.target, {
        resourceGroupId: rgId,
        storageAccountId: storageId,
        licenseType: 'WindowsServer',
        networkId: netId,
        subnetName: 'default',
        vmSize: 'Standard_B2s',
      });
      assert.equal(plan.policy.kind, 'create');
    });

    it('creates a site when the vault has none; automatic size and no network are left out', () => {
      const c = ctx({ choices: choices({ sites: [] }) });
      const plan = buildRunPlan(formWith([ids.newA]), c);
      assert.deepEqual(plan.sites, [{ name: DEFAULT_SITE_NAME, create: true }]);
      assert.equal(plan.target.vmSize, undefined);
      assert.equal(plan.target.networkId, undefined);
    });

    it('refuses an incomplete form with the page\u2019s problem', () => {
      const c = ctx();
      assert.throws(() => buildRunPlan(formWith([]), c), /Choose at least one virtual machine/);
      assert.throws(() => buildRunPlan(formWith([ids.linux]), c), /linux cannot be protected/);
      assert.throws(() => buildRunPlan(formWith([ids.newA], { hostAccess: [{ hostKey: host('HV2').key, userName: 'x', save: false }] }), c), /HV2: Enter the password of x/);
      assert.throws(() => buildRunPlan(formWith([ids.web], { retentionHours: '' }), c), /0 to 24/);
      assert.throws(() => buildRunPlan(formWith([ids.web]), { ...c, choices: undefined }), /not loaded yet/);
    });
  });
});
