import { ClientSecretCredential } from '@azure/identity';
import { SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import { RecoveryServicesClient } from '@azure/arm-recoveryservices';
import { startLab, type LabOptions, type RunningLab } from '../../lab/index';

/** A lab and real SDK clients signed in to it as its service principal. */
export interface LabSession {
  lab: RunningLab;
  credential: ClientSecretCredential;
  asr: SiteRecoveryManagementClient;
  rs: RecoveryServicesClient;
  clientOptions: {
    endpoint: string;
    credentialScopes: string[];
    tlsOptions: { ca: string };
    retryOptions: { maxRetries: number; retryDelayInMs: number; maxRetryDelayInMs: number };
  };
}

export async function openLab(options: LabOptions = {}): Promise<LabSession> {
  const lab = await startLab({ scenario: 'essentials', speed: 1000, ...options });
  const credential = new ClientSecretCredential(lab.tenantId, lab.clientId, lab.clientSecret, {
    authorityHost: lab.endpoint,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: lab.caCertPem },
  });
  const clientOptions = {
    endpoint: lab.endpoint,
    credentialScopes: [`${lab.endpoint}/.default`],
    tlsOptions: { ca: lab.caCertPem },
    retryOptions: { maxRetries: 10, retryDelayInMs: 20, maxRetryDelayInMs: 200 },
  };
  const asr = new SiteRecoveryManagementClient(credential, lab.subscriptionId, clientOptions);
  const rs = new RecoveryServicesClient(credential, lab.subscriptionId, clientOptions);
  return { lab, credential, asr, rs, clientOptions };
}

/** Fast polling for LROs against a sped-up lab. */
export const fastPoll = { updateIntervalInMs: 20 };

export async function collect<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

export { eventually, sleep } from '../support/wait';
