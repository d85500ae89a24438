import forge from 'node-forge';
import { ArmError, invalidField } from './core/armError';
import { bodyObject, isObject, stringField } from './core/body';
import type { FaultInjector } from './core/faults';
import { parseFaultSpec } from './core/faults';
import type { LabRequest, LabResponse } from './core/router';
import type { RequestLog } from './core/requestLog';
import type { AsrEngine } from './asr/engine';
import { stableGuid } from './asr/ids';
import { changeSubnet, deleteResource, restrictSize, setQuota, setStaticIp } from './readinessControl';
import { setNetworkReach } from './network/reachControl';
import type { LabState, VaultState } from './state';
import { key } from './state';

/**
 * The lab's own control API under `/_lab` (bearer token required, never faulted): what tests,
 * benchmarks and the Hyper-V stand-in use to look inside the lab and to act as a host would.
 */
export function controlEndpoint(state: LabState, engine: AsrEngine, log: RequestLog, faults: FaultInjector) {
  return (q: LabRequest): LabResponse | undefined => {
    const [, area, name, action] = q.segments;
    if (q.method === 'GET' && area === 'counters') return { status: 200, body: { total: log.count(), byOperation: log.counters() } };
    if (q.method === 'POST' && area === 'counters' && name === 'reset') {
      log.reset();
      return { status: 204 };
    }
    if (q.method === 'GET' && area === 'requests') return { status: 200, body: { requests: log.entries } };
    if (q.method === 'PUT' && area === 'faults') {
      const spec = stringField(bodyObject(q.body), 'spec', 'spec') ?? '';
      try {
        faults.update(parseFaultSpec(spec));
      } catch (e) {
        throw invalidField('spec', (e as Error).message);
      }
      return { status: 200, body: faults.settings };
    }
    if (q.method === 'GET' && area === 'hosts' && name === undefined) {
      // ?target=<computer name>: only the host a script call is for ('' the local machine), as the
      // stand-in PowerShell asks on every call (the whole list is 2.6 MB at 5,000 VMs); the jobs
      // are brought up to date (a host changes only when a job ends), not every protected item.
      const target = q.query.get('target');
      if (target === null) engine.advance();
      else engine.advanceJobs();
      return { status: 200, body: { hosts: target === null ? state.hosts : hostsForTarget(state, engine, target) } };
    }
    if (q.method === 'POST' && area === 'hosts' && name && action === 'register') {
      engine.advance();
      return registerHost(state, engine, name, q.body);
    }
    if (q.method === 'POST' && area === 'hosts' && name && action === 'install') {
      const host = engine.hostOf(name);
      if (!host) throw new ArmError(404, 'HostNotFound', `The lab has no Hyper-V host named '${name}'.`);
      const version = stringField(bodyObject(q.body), 'version', 'version', true);
      host.providerVersion = version;
      return { status: 200, body: { host: host.fqdn, providerVersion: version } };
    }
    if (q.method === 'POST' && area === 'hosts' && name && action === 'fault') {
      const host = engine.hostOf(name);
      if (!host) throw new ArmError(404, 'HostNotFound', `The lab has no Hyper-V host named '${name}'.`);
      const fault = bodyObject(q.body).fault;
      const faults = ['timeout', 'unreachable', 'winrmDisabled', 'accessDenied', 'noHyperVModule'] as const;
      if (fault === null) {
        delete host.fault;
      } else if (typeof fault === 'string' && (faults as readonly string[]).includes(fault)) {
        host.fault = fault as (typeof faults)[number];
      } else {
        throw invalidField('fault', `fault must be null or one of ${faults.join(', ')}.`);
      }
      return { status: 200, body: { host: host.fqdn, fault: host.fault ?? null } };
    }
    if (q.method === 'POST' && area === 'hosts' && name && action === 'heartbeat') {
      const connected = bodyObject(q.body).connected;
      if (typeof connected !== 'boolean') throw invalidField('connected', 'connected must be true or false.');
      const host = engine.hostOf(name);
      if (!host) throw new ArmError(404, 'HostNotFound', `The lab has no Hyper-V host named '${name}'.`);
      for (const v of state.vaults.values()) {
        for (const f of v.fabrics.values()) {
          for (const p of f.providers.values()) {
            if (p.hostFqdn.toLowerCase() === host.fqdn.toLowerCase()) {
              p.connected = connected;
              p.lastHeartbeat = engine.clock.nowDate();
            }
          }
        }
      }
      markOutage(host, connected, engine.clock.now());
      host.disconnected = !connected;
      return { status: 200, body: { host: host.fqdn, connected } };
    }
    // What readiness checks read from Azure (lab/readinessControl.ts, docs/lab.md).
    if (q.method === 'POST' && area === 'compute' && name === 'quota') return setQuota(state, bodyObject(q.body));
    if (q.method === 'POST' && area === 'compute' && name === 'sku') return restrictSize(state, bodyObject(q.body));
    if (q.method === 'POST' && area === 'subnets') return changeSubnet(state, bodyObject(q.body));
    if (q.method === 'POST' && area === 'resources' && name === 'delete') return deleteResource(state, bodyObject(q.body));
    if (q.method === 'POST' && area === 'items' && name === 'staticIp') return setStaticIp(state, bodyObject(q.body));
    return q.method === 'POST' && area === 'networks' && name === 'reach' ? setNetworkReach(state, bodyObject(q.body)) : undefined;
  };
}

/** A disconnect opens an outage (no recovery points arrive), a reconnect closes it (replicationStream.ts). */
function markOutage(host: LabState['hosts'][number], connected: boolean, now: number): void {
  const open = host.replicationOutages?.find((o) => o.to === undefined);
  if (connected && open) open.to = now;
  if (!connected && !open) (host.replicationOutages ??= []).push({ from: now });
}

/** The host a script call names (by name or FQDN), or for none the local machine (else the first host); [] when there is none. */
function hostsForTarget(state: LabState, engine: AsrEngine, target: string): LabState['hosts'] {
  const host = target === '' ? (state.hosts.find((h) => 'local' in h && h.local === true) ?? state.hosts[0]) : engine.hostOf(target);
  return host ? [host] : [];
}

function xmlValue(xml: string, element: string): string | undefined {
  const m = new RegExp(`<${element}>([\\s\\S]*?)</${element}>`).exec(xml);
  return m
    ? m[1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&')
    : undefined;
}

/**
 * What DRConfigurator.exe /r does: read the vault credentials file, prove possession of the
 * certificate uploaded to the vault, and register the host as a provider of the site.
 */
function registerHost(state: LabState, engine: AsrEngine, hostName: string, body: unknown): LabResponse {
  const host = engine.hostOf(hostName);
  if (!host) throw new ArmError(404, 'HostNotFound', `The lab has no Hyper-V host named '${hostName}'.`);
  const o = bodyObject(body);
  const xml = stringField(o, 'vaultCredentials', 'vaultCredentials', true);
  const friendlyName = stringField(o, 'friendlyName', 'friendlyName') ?? host.fqdn;
  const sub = xmlValue(xml, 'SubscriptionId');
  const rg = xmlValue(xml, 'ResourceGroup');
  const vaultName = xmlValue(xml, 'ResourceName');
  const siteId = xmlValue(xml, 'SiteId');
  const certB64 = xmlValue(xml, 'ManagementCert');
  if (!sub || !rg || !vaultName || !siteId || !certB64) {
    throw invalidField('vaultCredentials', 'The vault credentials file is incomplete: it needs SubscriptionId, ResourceGroup, ResourceName, SiteId and ManagementCert.');
  }
  if (sub.toLowerCase() !== state.subscriptionId.toLowerCase())
    throw invalidField('vaultCredentials', `The vault credentials are for subscription ${sub}, which the lab does not have.`);
  const vault: VaultState | undefined = state.vaults.get(key(rg, vaultName));
  if (!vault) throw invalidField('vaultCredentials', `The vault ${vaultName} in ${rg} does not exist.`);
  const fabric = [...vault.fabrics.values()].find((f) => f.internalIdentifier.toLowerCase() === siteId.toLowerCase());
  if (!fabric) throw invalidField('vaultCredentials', `The site ${siteId} named in the vault credentials does not exist in ${vaultName}.`);
  const thumbprint = certificateThumbprint(certB64);
  const uploaded = [...vault.certificates.values()].find((c) => c.thumbprint === thumbprint);
  if (!uploaded)
    throw new ArmError(401, 'InvalidVaultCredentials', 'The certificate in the vault credentials file was not uploaded to the vault. Download a new vault credentials file.');
  if (uploaded.validTo.getTime() <= engine.clock.now()) {
    throw new ArmError(401, 'ExpiredVaultCredentials', 'The vault credentials file has expired (it is valid for 5 days). Download a new one.');
  }
  const id = stableGuid('provider', host.fqdn);
  for (const f of vault.fabrics.values()) {
    if (f !== fabric && f.providers.has(key(id))) {
      throw new ArmError(409, 'ServerAlreadyRegistered', `${host.fqdn} is already registered in the site ${f.name}. Unregister it first.`);
    }
  }
  const existing = fabric.providers.get(key(id));
  const job = engine.startJob(vault, {
    scenarioName: 'RegisterDra',
    friendlyName: 'Register server',
    targetObjectId: id,
    targetObjectName: friendlyName,
    targetInstanceType: 'Server',
    fabricName: fabric.name,
    tasks: [['Register server', 'Registering the server with the vault', 60]],
    onSuccess: (at) => {
      fabric.providers.set(key(id), {
        id,
        hostFqdn: host.fqdn,
        providerVersion: host.providerVersion ?? '5.1.8095.0',
        registeredAt: new Date(at),
        connected: true,
        lastHeartbeat: new Date(at),
      });
      host.registered = true;
      markOutage(host, true, at);
      host.disconnected = false;
      host.providerVersion ??= '5.1.8095.0';
    },
  });
  return { status: 202, body: { providerId: id, fabric: fabric.name, jobName: job.name, alreadyRegistered: existing !== undefined } };
}

function certificateThumbprint(managementCert: string): string {
  const bytes = forge.util.decode64(managementCert.trim());
  let der: string;
  try {
    // A PFX (with the private key), as the vault credentials file carries.
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes), '');
    const bags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
    const cert = bags[0]?.cert;
    if (!cert) throw new Error('no certificate');
    der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  } catch {
    try {
      der = forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromAsn1(forge.asn1.fromDer(bytes)))).getBytes();
    } catch {
      throw invalidField('vaultCredentials', 'The ManagementCert of the vault credentials file is neither a PFX nor a certificate.');
    }
  }
  return forge.md.sha1.create().update(der).digest().toHex().toUpperCase();
}

export function isControlBody(v: unknown): boolean {
  return isObject(v);
}
