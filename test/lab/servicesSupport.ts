import { request } from 'node:https';
import { resolveCloud } from '../../src/services/azure/cloud';
import { createServicePrincipalCredential } from '../../src/services/azure/credentials';
import type { AzureContext, VaultContext } from '../../src/services/azure/clients';
import { startLab, type LabOptions, type RunningLab } from '../../lab/index';

/** A lab and our service layer signed in to it, the way the extension will be. */
export interface ServicesSession {
  lab: RunningLab;
  ctx: AzureContext;
  vctx: (vaultName?: string, resourceGroup?: string) => VaultContext;
}

export async function openServices(options: LabOptions = {}, clientOptions?: AzureContext['clientOptions']): Promise<ServicesSession> {
  return servicesOf(await startLab({ scenario: 'essentials', speed: 100, ...options }), clientOptions);
}

/** Our service layer signed in to a running lab (an end-to-end test's, to prepare the lab as a user would). */
export function servicesOf(lab: RunningLab, clientOptions?: AzureContext['clientOptions']): ServicesSession {
  const cloud = resolveCloud('Custom', { resourceManagerEndpoint: lab.endpoint, caCertificatePem: lab.caCertPem });
  const credential = createServicePrincipalCredential(cloud, { tenantId: lab.tenantId, clientId: lab.clientId, clientSecret: lab.clientSecret });
  const ctx: AzureContext = { credential, cloud, subscriptionId: lab.subscriptionId, clientOptions: { pollIntervalInMs: 50, ...clientOptions } };
  return {
    lab,
    ctx,
    vctx: (vaultName = lab.vault, resourceGroup = lab.resourceGroup) => ({ ...ctx, vault: { subscriptionId: lab.subscriptionId, resourceGroup, vaultName } }),
  };
}

/** Calls the lab's own control API (`/_lab/...`), as the Hyper-V stand-in will. */
export function labControl(lab: RunningLab, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, lab.endpoint);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        ca: lab.caCertPem,
        headers: {
          Authorization: `Bearer ${lab.token}`,
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}
