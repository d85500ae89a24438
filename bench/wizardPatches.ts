/**
 * Benchmark: what the Enable Replication wizard posts to its webview per keystroke with 150 VMs
 * (issue 14), measured as the JSON size (UTF-8 bytes) of each message its channel sends: the patch
 * (src/webviews/statePatch.ts) against, in the same run, the `update` the channel sent before
 * (the whole page and snapshot, `{ type: 'update', patch: state }`). The wizard runs in-process
 * through its real seam (WizardChannel + bindForm, as the panel binds it; no browser), on an
 * estate of 6 hosts of 25 unprotected VMs, with the Azure lists answered in memory:
 *   VM page        — ticking each of the 150 VMs, one at a time, in both wizards (the page has no text field);
 *   preflight page — what the page posts while it shows: Next reads the Azure resources (busy),
 *                    the first read fails (the error banner), Next again (busy);
 *   OS and disks   — choosing the OS disk of 10 VMs (a second wizard: its VMs have a data disk
 *                    beside the OS disk, as the lab's scale VMs, and their hosts need the provider
 *                    installed over remoting);
 *   user name      — typing a user name and a password on the host access page (the second wizard);
 *   retention      — typing the recovery point retention on the policy page.
 * A new page is not a keystroke: its content is new to the webview (printed apart).
 * Run: npm run bench:wizard
 */
import type { Fabric } from '@azure/arm-recoveryservices-siterecovery';
import type { EstateHost, EstateSnapshot } from '../src/estate';
import { makeVm } from '../src/estate/vms';
import { azureServices } from '../src/flows/enableReplicationServices';
import { resolveCloud } from '../src/services/azure/cloud';
import type { VaultContext } from '../src/services/azure/clients';
import { WizardChannel } from '../src/webviews/channel';
import { candidatesFromEstate } from '../src/webviews/enableReplication/candidates';
import { EnableReplicationWizard } from '../src/webviews/enableReplication/enableReplicationWizard';
import { formProtocol, type FormInbound, type FormState } from '../src/webviews/form/formProtocol';
import { bindForm, type FormBinding } from '../src/webviews/form/formSession';
import type { FormWizard } from '../src/webviews/form/formWizard';
import { findField } from '../src/webviews/form/view';
import { hyperVFacts } from '../src/estate/vmFacts';
import { median } from './cpuTime';
import { estateHost, hostKeyOf, inventory, vmId, VMS_PER_HOST } from './estateParts';
import { emitRow, formatRatio } from './row';

const HOSTS = 6;
const GOAL_BYTES = 2048;
const ROW = 'wizard update per keystroke with 150 VMs';
const SUB = '2e5d3c9f-7b4e-4f60-8c8d-1e2f3a4b5c6d';
const VAULT = { subscriptionId: SUB, resourceGroup: 'FAB-DR-RG', vaultName: 'FAB-Vault' };
const SITE_ID = '4b1d6c2e-8f3a-5b7c-9d0e-1f2a3b4c5d6e';

/**
 * 6 hosts of 25 unprotected VMs; `registered`: whether the hosts' provider is registered with the
 * vault; `labLike`: each VM has a data disk beside its OS disk, as the lab's scale VMs (lab/seed.ts).
 */
function estate(registered: boolean, labLike: boolean): EstateSnapshot {
  const hosts: EstateHost[] = [];
  for (let h = 0; h < HOSTS; h++) {
    const vms = Array.from({ length: VMS_PER_HOST }, (_, i) => {
      const n = h * VMS_PER_HOST + i;
      return makeVm(vmId(n), hostKeyOf(h), false, {
        hyperV: hyperVFacts(inventory(`fab-app${String(n).padStart(4, '0')}`, vmId(n), false, labLike ? 100 + ((n * 37) % 400) : undefined)),
      });
    });
    hosts.push(estateHost(h, vms, registered ? { registered: true, connected: true, fabricName: 'FAB-Site', installed: true } : { registered: false, installed: false }));
  }
  return { takenAt: new Date(), hosts, unassignedVms: [], counts: { hosts: HOSTS, vms: HOSTS * VMS_PER_HOST, protected: 0 } };
}

const vaultContext: VaultContext = { credential: { getToken: () => Promise.resolve(null) }, cloud: resolveCloud('AzureCloud'), subscriptionId: SUB, vault: VAULT };
const netId = `/subscriptions/${SUB}/resourceGroups/FAB-Net-RG/providers/Microsoft.Network/virtualNetworks/FAB-DR-VNet`;
const site: Fabric = { name: 'FAB-Site', properties: { internalIdentifier: SITE_ID, customDetails: { instanceType: 'HyperVSite' } } };

/** The Azure lists the wizard reads, answered in memory; the first read fails when `failFirst`. */
function wizardOn(snapshot: EstateSnapshot, failFirst: boolean): EnableReplicationWizard {
  let reads = 0;
  const services = {
    ...azureServices,
    listResourceGroups: () => Promise.resolve([{ id: `/subscriptions/${SUB}/resourceGroups/FAB-Recovery-RG`, name: 'FAB-Recovery-RG', location: 'westeurope' }]),
    listStorageAccounts: () =>
      Promise.resolve([
        {
          id: `/subscriptions/${SUB}/resourceGroups/FAB-DR-RG/providers/Microsoft.Storage/storageAccounts/fabdrstore`,
          name: 'fabdrstore',
          resourceGroup: 'FAB-DR-RG',
          location: 'westeurope',
        },
      ]),
    listVirtualNetworks: () =>
      Promise.resolve([
        {
          id: netId,
          name: 'FAB-DR-VNet',
          resourceGroup: 'FAB-Net-RG',
          location: 'westeurope',
          addressPrefixes: ['10.0.0.0/16'],
          subnets: [{ id: `${netId}/subnets/default`, name: 'default' }],
        },
      ]),
    listHyperVSites: () => (failFirst && reads++ === 0 ? Promise.reject(new Error('The request timed out.')) : Promise.resolve([site])),
    listPolicies: () => Promise.resolve([]),
  };
  return new EnableReplicationWizard(
    {
      vaultContext: () => Promise.resolve(vaultContext),
      vaultLocation: 'westeurope',
      runner: { run: () => Promise.reject(new Error('the benchmark runs no script')) },
      hostTarget: (hostKey) => Promise.resolve({ computerName: hostKey, hostFqdn: hostKey }),
      watchJob: () => undefined,
      refreshEstate: () => Promise.resolve(),
      services,
    },
    { candidates: candidatesFromEstate(snapshot), preselected: [] },
  );
}

interface Sample {
  readonly phase: string;
  /** The page before and after the message. */
  readonly from: string;
  readonly to: string;
  readonly bytes: number;
  /** What the channel sent for the same change before: the whole page and snapshot. */
  readonly wholeBytes: number;
}

const size = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** A wizard bound to a channel exactly as its panel binds it, with what the channel sends measured. */
class Driver {
  readonly samples: Sample[] = [];
  phase = 'open';
  private readonly channel: WizardChannel<FormState, FormInbound>;
  private readonly binding: FormBinding;
  private page = '';

  constructor(readonly wizard: FormWizard<unknown>) {
    this.channel = new WizardChannel<FormState, FormInbound>({
      viewType: 'bench.wizard',
      inbound: formProtocol.inbound,
      initialState: wizard.state(),
      send: (m) => {
        if (m.type !== 'init' && m.type !== 'patch') return true;
        const now = this.channel.state;
        this.samples.push({
          phase: this.phase,
          from: this.page,
          to: now.view.page,
          bytes: size(m),
          wholeBytes: m.type === 'init' ? size(m) : size({ type: 'update', patch: now }),
        });
        this.page = now.view.page;
        return true;
      },
      log: { warn: (w) => console.warn(w) },
    });
    this.binding = bindForm(wizard, this.channel, { warn: (w) => console.warn(w) }, 'bench.wizard');
    this.channel.receive({ type: 'ready' });
  }

  get view(): FormState['view'] {
    return this.channel.state.view;
  }

  async act(name: 'set' | 'check' | 'press', payload: Record<string, string | boolean>): Promise<void> {
    if (!this.channel.receive({ type: 'action', name, payload })) throw new Error(`the gate refused ${name}`);
    await this.binding.settled();
  }

  async type(field: string, text: string): Promise<void> {
    for (let i = 1; i <= text.length; i++) await this.act('set', { field, value: text.slice(0, i) });
  }

  async next(expected: string): Promise<void> {
    await this.act('press', { button: 'next' });
    if (this.view.page !== expected) throw new Error(`expected the ${expected} page, the wizard shows ${this.view.page} (${this.view.error ?? 'no error'})`);
  }

  dispose(): void {
    this.binding.dispose();
    this.wizard.dispose();
  }
}

async function tickAll(d: Driver): Promise<void> {
  const list = findField(d.view, 'vms');
  if (list?.kind !== 'checklist' || list.options.length !== HOSTS * VMS_PER_HOST) throw new Error('the VM page does not list the 150 VMs');
  d.phase = 'VM page: tick a VM';
  for (const o of list.options) await d.act('check', { field: 'vms', option: o.value, checked: true });
}

async function run(): Promise<Sample[]> {
  const a = new Driver(wizardOn(estate(true, false), true));
  await tickAll(a);
  a.phase = 'enter';
  await a.next('preflight');
  a.phase = 'preflight page';
  await a.act('press', { button: 'next' }); // the Azure read fails: busy, then the error on the preflight page
  a.phase = 'preflight page';
  await a.next('target');
  await a.next('policy');
  a.phase = 'policy page: type the retention';
  await a.act('set', { field: 'retention', value: '' });
  await a.type('retention', '24');
  a.dispose();

  const b = new Driver(wizardOn(estate(false, true), false));
  await tickAll(b);
  b.phase = 'enter';
  await b.next('preflight');
  await b.next('vmSettings');
  b.phase = 'OS and disks page: choose an OS disk';
  for (const field of b.view.blocks.filter((x) => x.id.startsWith('osDisk:')).slice(0, 10)) {
    if (field.kind !== 'radio') continue;
    for (const o of [...field.options].reverse()) await b.act('set', { field: field.id, value: o.value });
  }
  b.phase = 'enter';
  await b.next('hostAccess');
  const user = b.view.blocks.find((x) => x.id.startsWith('user:'));
  const password = b.view.blocks.find((x) => x.id.startsWith('password:'));
  if (!user || !password) throw new Error('the host access page has no user name or password');
  b.phase = 'host access: type a user name and password';
  await b.type(user.id, 'FABRIKAM\\svc-asr');
  await b.type(password.id, 'P@ssw0rd-2026');
  b.dispose();
  return [...a.samples, ...b.samples];
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;
async function main(): Promise<void> {
  const samples = await run();
  console.log(`Enable Replication wizard, ${HOSTS * VMS_PER_HOST} VMs on ${HOSTS} hosts: JSON posted to the webview per change (patch now / the whole page and snapshot before)`);
  const keystrokes = samples.filter((x) => x.phase !== 'open' && x.phase !== 'enter' && x.from === x.to);
  const phases = [...new Set(keystrokes.map((x) => x.phase))];
  for (const phase of phases) {
    const of = keystrokes.filter((x) => x.phase === phase);
    const max = Math.max(...of.map((x) => x.bytes));
    const wholeMax = Math.max(...of.map((x) => x.wholeBytes));
    console.log(
      `  ${phase.padEnd(45)} ${String(of.length).padStart(4)} changes  patch median ${kb(median(of.map((x) => x.bytes)))}, max ${kb(max)}   before: median ${kb(median(of.map((x) => x.wholeBytes)))}, max ${kb(wholeMax)}`,
    );
    emitRow({
      row: ROW,
      size: `150 VMs · ${phase}`,
      measured: `max ${kb(max)}`,
      baseline: `before ${kb(wholeMax)}`,
      ratio: formatRatio(max, wholeMax),
      goal: '< 2 KB',
      pass: max < GOAL_BYTES,
    });
  }
  console.log('  not keystrokes: the whole state on (re)load, and a new page (its content is new to the webview):');
  for (const x of samples.filter((y) => y.phase === 'open' || y.from !== y.to)) {
    console.log(`    ${(x.from === '' ? '(load)' : x.from).padEnd(12)} → ${x.to.padEnd(12)} ${kb(x.bytes).padStart(10)}   before ${kb(x.wholeBytes).padStart(10)}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
