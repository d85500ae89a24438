/**
 * The lab's raw JSON against real Azure's, resource by resource. The recorded objects
 * (fixtures/asrRecorded.json, copied from real ASR traffic) are the reference: every key they have
 * must be in the lab's answer with the same casing, recursively; where both sides have a value
 * its JSON type must match; ARM ids must have the same path structure; `type` strings must be
 * equal. Fetched with node:https so nothing normalizes the wire.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fastPoll, openLab, type LabSession } from '../support';
import { at, isJsonObject, jsonObject, rawRequest, str, valueOf, type JsonObject, type JsonValue, type RawResponse } from '../rawHttp';

const rg = 'RAM-DR-RG';
const vault = 'RAM-Vault';
const site = 'RAM-Site';
const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';
const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290'; // protected
const v03 = '04e4fe1f-bfa6-407f-8db7-4fe897d4c40b'; // not protected
const v05 = '3c9a8b7d-6e5f-4a1b-9c2d-8e7f6a5b4c3d'; // protected, critical health
const apiVersion = '2023-06-01';

const recorded = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'asrRecorded.json'), 'utf8')) as JsonObject;

function rec(name: string): JsonObject {
  const body = at(recorded, `${name}.body`);
  if (!isJsonObject(body)) throw new Error(`fixture ${name} has no object body`);
  return body;
}

function kind(v: JsonValue | undefined): string {
  if (v === undefined) return 'absent';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** An ARM id with its names replaced by `*`: keywords (and their casing) stay. */
function idShape(id: string): string {
  const pathOnly = id.replace(/^https:\/\/[^/]+/, '').split('?')[0];
  return pathOnly
    .split('/')
    .map((seg, i) => (i === 2 || i === 4 || (i >= 8 && i % 2 === 0) ? '*' : seg))
    .join('/');
}

function isArmId(v: string): boolean {
  return /^\/subscriptions\//i.test(v);
}

/** Every way `lab` falls short of `recorded`: missing keys, other JSON types, other id shapes. */
function wireDifferences(recordedValue: JsonValue, labValue: JsonValue | undefined, where: string, out: string[] = []): string[] {
  if (labValue === undefined) {
    out.push(`${where}: missing (recorded ${JSON.stringify(recordedValue)?.slice(0, 80)})`);
    return out;
  }
  if (isJsonObject(recordedValue)) {
    if (!isJsonObject(labValue)) {
      out.push(`${where}: recorded an object, the lab has ${kind(labValue)}`);
      return out;
    }
    for (const [k, v] of Object.entries(recordedValue)) wireDifferences(v, labValue[k], `${where}.${k}`, out);
    return out;
  }
  if (Array.isArray(recordedValue)) {
    if (!Array.isArray(labValue)) {
      if (labValue !== null || recordedValue.length > 0) out.push(`${where}: recorded an array, the lab has ${kind(labValue)}`);
      return out;
    }
    if (recordedValue.length > 0 && labValue.length > 0) wireDifferences(recordedValue[0], labValue[0], `${where}[0]`, out);
    return out;
  }
  if (recordedValue === null || labValue === null) return out;
  if (kind(recordedValue) !== kind(labValue)) {
    out.push(`${where}: recorded ${kind(recordedValue)} ${JSON.stringify(recordedValue)}, the lab has ${kind(labValue)} ${JSON.stringify(labValue)}`);
    return out;
  }
  if (typeof recordedValue === 'string' && typeof labValue === 'string' && isArmId(recordedValue) && idShape(recordedValue) !== idShape(labValue)) {
    out.push(`${where}: id shape ${idShape(labValue)}, recorded ${idShape(recordedValue)}`);
  }
  return out;
}

function assertSameWire(recordedBody: JsonObject, labBody: JsonObject, what: string): void {
  const diffs = wireDifferences(recordedBody, labBody, what);
  assert.deepEqual(diffs, [], `${what} differs from real Azure's wire:\n  ${diffs.join('\n  ')}`);
  assert.equal(labBody.type, recordedBody.type, `${what}: type`);
  const id = labBody.id;
  assert.equal(typeof id, 'string', `${what}: id`);
  assert.ok(typeof id === 'string' && id.startsWith('/Subscriptions/'), `${what}: ASR ids start with /Subscriptions/ (got ${str(id)})`);
  assert.equal(idShape(str(id)), idShape(str(recordedBody.id)), `${what}: id shape`);
  assert.equal(str(id).split('/').pop(), labBody.name, `${what}: the id ends with the name`);
}

describe('lab wire fidelity: resources against recorded Azure JSON', function () {
  this.timeout(30000);
  let s: LabSession;
  let V: string;
  let C: string;

  const get = async (p: string, expectStatus = 200): Promise<JsonObject> => {
    const res = await rawRequest(`${s.lab.endpoint}${p}${p.includes('?') ? '&' : '?'}api-version=${apiVersion}`, { token: s.lab.token, ca: s.lab.caCertPem });
    assert.equal(res.status, expectStatus, `GET ${p}: ${res.text.slice(0, 300)}`);
    return jsonObject(res);
  };

  before(async () => {
    s = await openLab();
    V = `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}`;
    C = `${V}/replicationFabrics/${site}/replicationProtectionContainers/${container}`;
  });
  after(async () => s.lab.stop());

  it('fabric (Hyper-V site) has every key of CreateSite.json final GET', async () => {
    assertSameWire(rec('fabric'), await get(`${V}/replicationFabrics/${site}`), 'fabric');
  });

  it('fabric with registered hosts has every key of EnumerateProtectableItem.json fabric, hyperVHosts included', async () => {
    const lab = await get(`${V}/replicationFabrics/${site}`);
    const hosts = at(lab, 'properties.customDetails.hyperVHosts');
    assert.ok(Array.isArray(hosts) && hosts.length > 0, 'the lab lists the registered hosts');
    assertSameWire(rec('fabricWithHost'), lab, 'fabric');
  });

  it('protection container has every key of CreatePCMapping.json container GET', async () => {
    assertSameWire(rec('container'), await get(C), 'container');
  });

  it('replication policy has every key of CreatePolicy.json final GET', async () => {
    assertSameWire(rec('policy'), await get(`${V}/replicationPolicies/RAM-Policy`), 'policy');
  });

  it('container mapping has every key of CreatePCMapping.json final GET', async () => {
    const list = valueOf(await get(`${C}/replicationProtectionContainerMappings`));
    assert.ok(list.length > 0, 'the scenario has a mapping');
    const name = str(list[0].name);
    const lab = await get(`${C}/replicationProtectionContainerMappings/${encodeURIComponent(name)}`);
    assertSameWire(rec('mapping'), lab, 'mapping');
    assert.equal(at(lab, 'properties.targetProtectionContainerId'), at(rec('mapping'), 'properties.targetProtectionContainerId'));
  });

  it('protectable item has every key of EnumerateProtectableItem.json item', async () => {
    const lab = await get(`${C}/replicationProtectableItems/${v03}`);
    assertSameWire(rec('protectableItem'), lab, 'protectableItem');
    assert.equal(at(lab, 'properties.customDetails.instanceType'), 'HyperVVirtualMachine');
  });

  it('protected item after a test failover has every key of TestFailover.json (and the same state)', async () => {
    const done = await s.asr.replicationProtectedItems.beginTestFailoverAndWait(
      vault,
      rg,
      site,
      container,
      v01,
      {
        properties: { failoverDirection: 'PrimaryToRecovery', networkType: 'NoNetworkAttachAsInput', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
      },
      fastPoll,
    );
    assert.equal(done.properties?.testFailoverState, 'WaitingForCompletion');
    const lab = await get(`${C}/replicationProtectedItems/${v01}`);
    const recordedItem = rec('protectedItemAfterTestFailover');
    assertSameWire(recordedItem, lab, 'protectedItem');
    for (const p of [
      'protectionState',
      'testFailoverState',
      'testFailoverStateDescription',
      'allowedOperations',
      'activeLocation',
      'protectedItemType',
      'primaryFabricProvider',
      'recoveryFabricId',
    ]) {
      assert.deepEqual(at(lab, `properties.${p}`), at(recordedItem, `properties.${p}`), `properties.${p} as recorded`);
    }
  });

  it('protected item with health errors has every key of GetProtectedItem.json, healthErrors[0] included', async () => {
    const lab = await get(`${C}/replicationProtectedItems/${v05}`);
    const errors = at(lab, 'properties.healthErrors');
    assert.ok(Array.isArray(errors) && errors.length > 0, 'the critical VM has health errors');
    assertSameWire(rec('protectedItemWithHealthErrors'), lab, 'protectedItem');
  });

  it('recovery services providers (connected, and not connected with a health error) have every key of ListRsp.json', async () => {
    const providers = valueOf(await get(`${V}/replicationRecoveryServicesProviders`));
    const connected = providers.find((p) => at(p, 'properties.connectionStatus') === 'Connected');
    const notConnected = providers.find((p) => at(p, 'properties.connectionStatus') === 'NotConnected');
    assert.ok(connected && notConnected, 'essentials has a connected and a disconnected host');
    assertSameWire(rec('providerConnected'), connected, 'provider');
    assertSameWire(rec('providerNotConnected'), notConnected, 'provider');
  });

  it('recovery point has every key of ListRecoveryPoints.json', async () => {
    const points = valueOf(await get(`${C}/replicationProtectedItems/${v01}/recoveryPoints`));
    assert.ok(points.length > 0, 'a protected VM has recovery points');
    assertSameWire(rec('recoveryPoint'), points[0], 'recoveryPoint');
  });

  it('lists are { value, nextLink } as recorded, nextLink null on the last page', async () => {
    const recordedKeys = Object.keys(rec('listEnvelope')).sort();
    for (const p of [
      `${V}/replicationFabrics`,
      `${V}/replicationRecoveryServicesProviders`,
      `${V}/replicationPolicies`,
      `${V}/replicationProtectedItems`,
      `${C}/replicationProtectableItems`,
      `${V}/replicationJobs`,
    ]) {
      const page = await get(p);
      assert.deepEqual(Object.keys(page).sort(), recordedKeys, `${p}: envelope keys`);
      assert.ok(Array.isArray(page.value) && page.value.length > 0, `${p}: value`);
      assert.equal(page.nextLink, null, `${p}: one page, nextLink null`);
    }
  });
});

describe('lab wire fidelity: values Azure derives the same way every time', function () {
  this.timeout(30000);
  let s: LabSession;
  let V: string;

  const get = async (p: string): Promise<JsonObject> => {
    const res = await rawRequest(`${s.lab.endpoint}${p}?api-version=${apiVersion}`, { token: s.lab.token, ca: s.lab.caCertPem });
    assert.equal(res.status, 200, `GET ${p}: ${res.text.slice(0, 300)}`);
    return jsonObject(res);
  };
  const machineNameOf = (fqdn: string): string => fqdn.toLowerCase().replace(/\./g, '_');

  before(async () => {
    s = await openLab();
    V = `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}`;
  });
  after(async () => s.lab.stop());

  it("provider machineName is the host's FQDN in lower case with dots as underscores (hyphens kept), as in ListRsp.json", async () => {
    for (const name of ['providerConnected', 'providerNotConnected']) {
      const r = rec(name);
      assert.equal(at(r, 'properties.machineName'), machineNameOf(str(at(r, 'properties.friendlyName'))), `recorded rule holds for ${name}`);
    }
    const providers = valueOf(await get(`${V}/replicationRecoveryServicesProviders`));
    assert.ok(providers.length >= 2);
    for (const p of providers) {
      const fqdn = str(at(p, 'properties.friendlyName'));
      assert.equal(at(p, 'properties.machineName'), machineNameOf(fqdn), `machineName of ${fqdn}`);
    }
  });

  it("fabric hyperVHosts[].id is the host's machine name (the provider's machineName), as in EnumerateProtectableItem.json + ListRsp.json", async () => {
    const recordedHosts = at(rec('fabricWithHost'), 'properties.customDetails.hyperVHosts');
    assert.ok(Array.isArray(recordedHosts) && isJsonObject(recordedHosts[0]));
    assert.equal(recordedHosts[0].name, at(rec('providerConnected'), 'properties.friendlyName'), 'recorded: same host in both recordings');
    assert.equal(recordedHosts[0].id, at(rec('providerConnected'), 'properties.machineName'), 'recorded: host id = provider machineName');

    const providers = valueOf(await get(`${V}/replicationRecoveryServicesProviders`));
    const fabric = await get(`${V}/replicationFabrics/${site}`);
    const hosts = at(fabric, 'properties.customDetails.hyperVHosts');
    assert.ok(Array.isArray(hosts) && hosts.length > 0);
    for (const h of hosts) {
      assert.ok(isJsonObject(h));
      const provider = providers.find((p) => at(p, 'properties.friendlyName') === h.name);
      assert.ok(provider, `a provider for host ${str(h.name)}`);
      assert.equal(h.id, at(provider, 'properties.machineName'), `hyperVHosts id of ${str(h.name)}`);
    }
  });

  it('protected item vmNics[].nicId is base64 of "Microsoft:<VMID>\\<adapter GUID>", as in TestFailover.json', async () => {
    const shape = /^Microsoft:[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\\[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
    const recordedNic = at(rec('protectedItemAfterTestFailover'), 'properties.providerSpecificDetails.vmNics');
    assert.ok(Array.isArray(recordedNic) && isJsonObject(recordedNic[0]));
    assert.match(Buffer.from(str(recordedNic[0].nicId), 'base64').toString('utf8'), shape, 'recorded shape');

    const C = `${V}/replicationFabrics/${site}/replicationProtectionContainers/${container}`;
    const nics = at(await get(`${C}/replicationProtectedItems/${v01}`), 'properties.providerSpecificDetails.vmNics');
    assert.ok(Array.isArray(nics) && nics.length > 0 && isJsonObject(nics[0]));
    const decoded = Buffer.from(str(nics[0].nicId), 'base64').toString('utf8');
    assert.match(decoded, shape, `lab nicId decodes to ${decoded}`);
    assert.ok(decoded.startsWith(`Microsoft:${v01.toUpperCase()}\\`), 'names the VM');
  });
});

describe('lab wire fidelity: a write (202 and its async operation) against CreateSite.json', function () {
  this.timeout(30000);
  let s: LabSession;
  let V: string;

  before(async () => {
    // Slow enough that the create-site job (20 nominal seconds) is still running when polled.
    s = await openLab({ speed: 10 });
    V = `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}`;
  });
  after(async () => s.lab.stop());

  const header = (res: RawResponse, name: string): string => {
    const v = res.headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : (v ?? '');
  };

  it('PUT fabric answers 202, empty body, Location/Azure-AsyncOperation/Retry-After/x-ms-request-id shaped as recorded; status and result bodies as recorded', async () => {
    const recorded202 = at(recorded, 'createSite202');
    assert.ok(isJsonObject(recorded202));
    const rh = recorded202.headers;
    assert.ok(isJsonObject(rh));
    const first = (k: string): string => {
      const v = rh[k];
      return Array.isArray(v) ? str(v[0]) : str(v);
    };

    const res = await rawRequest(`${s.lab.endpoint}${V}/replicationFabrics/Wire-Site?api-version=${apiVersion}`, {
      method: 'PUT',
      token: s.lab.token,
      ca: s.lab.caCertPem,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ properties: {} }),
    });
    assert.equal(res.status, recorded202.status);
    assert.equal(res.text, recorded202.body, 'empty body');
    assert.equal(header(res, 'Content-Length'), first('Content-Length'));

    const location = header(res, 'Location');
    const asyncOp = header(res, 'Azure-AsyncOperation');
    const retryAfter = header(res, 'Retry-After');
    const requestId = header(res, 'x-ms-request-id');
    assert.ok(location.startsWith(`${s.lab.endpoint}/Subscriptions/`), `Location on the lab's endpoint: ${location}`);
    assert.match(location, /\/replicationFabrics\/Wire-Site\/operationresults\/[0-9a-f-]{36}\?api-version=[0-9-]+$/);
    assert.equal(idShape(location), idShape(first('Location')), 'Location path shaped as recorded');
    assert.match(asyncOp, /\/replicationOperationStatus\/[0-9a-f-]{36}\?api-version=[0-9-]+$/);
    assert.equal(idShape(asyncOp), idShape(first('Azure-AsyncOperation')), 'Azure-AsyncOperation path shaped as recorded');
    assert.match(retryAfter, /^\d+$/);
    assert.match(first('Retry-After'), /^\d+$/);
    const jobName = location.split('?')[0].split('/').pop()!;
    assert.equal(asyncOp.split('?')[0].split('/').pop(), jobName, 'both URLs name the same job');
    assert.equal(idShape(requestId), idShape(first('x-ms-request-id')), 'x-ms-request-id is a job ARM id as recorded');
    assert.equal(requestId, `${V.replace('/subscriptions/', '/Subscriptions/')}/replicationJobs/${jobName}`);

    const status = async (): Promise<JsonObject> => {
      const r = await rawRequest(asyncOp, { token: s.lab.token, ca: s.lab.caCertPem });
      assert.equal(r.status, 200);
      return jsonObject(r);
    };
    const running = await status();
    assert.equal(running.status, 'InProgress');
    assert.deepEqual(wireDifferences(rec('operationStatusInProgress'), running, 'operationStatus'), []);
    assert.deepEqual(Object.keys(running).sort(), Object.keys(rec('operationStatusInProgress')).sort(), 'no extra keys either');
    assert.equal(running.name, jobName);

    const pending = await rawRequest(location, { token: s.lab.token, ca: s.lab.caCertPem });
    assert.equal(pending.status, 202, 'Location answers 202 while the job runs');

    let done = running;
    const end = Date.now() + 15000;
    while (done.status === 'InProgress' && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      done = await status();
    }
    assert.equal(done.status, 'Succeeded');
    assert.deepEqual(wireDifferences(rec('operationStatusSucceeded'), done, 'operationStatus'), []);
    assert.equal(typeof done.endTime, 'string');

    const result = await rawRequest(location, { token: s.lab.token, ca: s.lab.caCertPem });
    assert.equal(result.status, 200);
    const fabric = jsonObject(result);
    assertSameWire(rec('fabric'), fabric, 'fabric');
    assert.equal(fabric.name, 'Wire-Site');
    assert.deepEqual(at(fabric, 'properties.customDetails'), at(rec('fabric'), 'properties.customDetails'), 'a new site has no hosts');
  });
});
