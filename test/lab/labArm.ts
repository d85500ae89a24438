/**
 * Reads of the lab's Azure as the portal would make them (an authorised ARM GET over HTTPS, no SDK),
 * shared by the lab tests and the e2e suite: a resource, and a Compute VM's private address (VM → its
 * NIC → the NIC's first IP configuration).
 */
import assert from 'node:assert/strict';
import type { RunningLab } from '../../lab/index';
import { at, jsonObject, rawRequest, type JsonValue, type RawResponse } from './rawHttp';

export type LabArmTarget = Pick<RunningLab, 'endpoint' | 'caCertPem' | 'issueToken'>;

/** GET `path` (an ARM path from `/subscriptions/…`, or a resource id) at `apiVersion`, with a token of the lab's. */
export function labArmGet(lab: LabArmTarget, path: string, apiVersion: string): Promise<RawResponse> {
  return rawRequest(`${lab.endpoint}${path}?api-version=${apiVersion}`, { token: lab.issueToken(), ca: lab.caCertPem });
}

/** The resource at `path` (asserts 200). */
async function labArmResource(lab: LabArmTarget, path: string, apiVersion: string): Promise<JsonValue> {
  const answer = await labArmGet(lab, path, apiVersion);
  assert.equal(answer.status, 200, `GET ${path}: ${answer.text.slice(0, 200)}`);
  return jsonObject(answer);
}

export interface VmAddress {
  /** The VM's timeCreated, in ms. */
  created: number;
  /** Its NIC's id. */
  nicId: string;
  address: string;
  /** privateIPAllocationMethod: Static or Dynamic. */
  allocation: string;
}

/** The private address of the Compute VM `vmId` (its ARM id): its NIC's first IP configuration's, with when the VM was created. */
export async function vmPrivateAddress(lab: LabArmTarget, vmId: string): Promise<VmAddress> {
  const vm = await labArmResource(lab, vmId, '2024-07-01');
  const nicId = ((at(vm, 'properties.networkProfile.networkInterfaces') as { id: string }[] | undefined) ?? [])[0]?.id ?? '';
  assert.notEqual(nicId, '', `${vmId} has a network interface`);
  const nic = await labArmResource(lab, nicId, '2024-05-01');
  const ipConfig = (at(nic, 'properties.ipConfigurations') as JsonValue[])[0];
  const created = at(vm, 'properties.timeCreated');
  const address = at(ipConfig, 'properties.privateIPAddress');
  const allocation = at(ipConfig, 'properties.privateIPAllocationMethod');
  assert.ok(
    typeof created === 'string' && typeof address === 'string' && typeof allocation === 'string',
    `${vmId}: timeCreated ${JSON.stringify(created)}, address ${JSON.stringify(address)}, allocation ${JSON.stringify(allocation)}`,
  );
  return { created: Date.parse(created), nicId, address, allocation };
}
