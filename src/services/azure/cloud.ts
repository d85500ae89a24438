// Which Azure cloud the extension talks to: public Azure, a sovereign cloud, or a custom endpoint
// (Azure Stack Hub, or the ASR lab, which is also its own identity provider).

import { InvalidInputError } from './errors';

export type CloudName = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud' | 'Custom';

export const cloudNames: readonly CloudName[] = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud', 'Custom'];

export interface AzureCloud {
  name: CloudName;
  /** ARM endpoint without a trailing slash, e.g. "https://management.azure.com". */
  resourceManagerEndpoint: string;
  /** Microsoft Entra authority host without a trailing slash. */
  authorityHost: string;
  /** Azure portal without a trailing slash. */
  portalUrl: string;
  /** `${resourceManagerEndpoint}/.default`: the scope every ARM token is asked for. */
  managementScope: string;
  /** Extra CA (PEM) to trust for this cloud's endpoints, e.g. the lab's self-signed certificate. */
  caCertificatePem?: string;
}

export interface CustomCloudSettings {
  resourceManagerEndpoint: string;
  /** Defaults to the ARM endpoint (the ASR lab serves the token endpoint itself). */
  authorityHost?: string;
  /** Defaults to the ARM endpoint. */
  portalUrl?: string;
  caCertificatePem?: string;
}

interface KnownEndpoints {
  resourceManagerEndpoint: string;
  authorityHost: string;
  portalUrl: string;
}

const knownClouds: Readonly<Record<Exclude<CloudName, 'Custom'>, KnownEndpoints>> = {
  AzureCloud: {
    resourceManagerEndpoint: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
    portalUrl: 'https://portal.azure.com',
  },
  AzureUSGovernment: {
    resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
    portalUrl: 'https://portal.azure.us',
  },
  AzureChinaCloud: {
    resourceManagerEndpoint: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    portalUrl: 'https://portal.azure.cn',
  },
};

export function isCloudName(value: unknown): value is CloudName {
  return typeof value === 'string' && (cloudNames as readonly string[]).includes(value);
}

/** Validates an https URL and returns it without trailing slashes. Throws InvalidInputError. */
export function normalizeHttpsUrl(value: string | undefined, setting: string): string {
  const text = (value ?? '').trim();
  if (text.length === 0) {
    throw new InvalidInputError(`${setting} is empty. Enter an https:// URL, for example https://management.example.com.`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError(`${setting} "${text}" is not a valid URL. Enter an https:// URL.`);
  }
  if (url.protocol !== 'https:') {
    throw new InvalidInputError(`${setting} "${text}" must use https://.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidInputError(`${setting} must not contain a user name or password.`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new InvalidInputError(`${setting} "${text}" must not contain a query string or fragment.`);
  }
  return url.toString().replace(/\/+$/, '');
}

function build(name: CloudName, e: KnownEndpoints, caCertificatePem?: string): AzureCloud {
  const cloud: AzureCloud = {
    name,
    resourceManagerEndpoint: e.resourceManagerEndpoint,
    authorityHost: e.authorityHost,
    portalUrl: e.portalUrl,
    managementScope: `${e.resourceManagerEndpoint}/.default`,
  };
  if (caCertificatePem !== undefined && caCertificatePem.trim().length > 0) {
    cloud.caCertificatePem = caCertificatePem;
  }
  return cloud;
}

/**
 * The endpoints of a cloud. For 'Custom', `custom.resourceManagerEndpoint` is required and must
 * be https; the authority host and portal default to the ARM endpoint.
 */
export function resolveCloud(name: CloudName, custom?: CustomCloudSettings): AzureCloud {
  if (!isCloudName(name)) {
    throw new InvalidInputError(`Unknown Azure cloud "${String(name)}". Choose one of: ${cloudNames.join(', ')}.`);
  }
  if (name !== 'Custom') {
    return build(name, knownClouds[name]);
  }
  if (custom === undefined) {
    throw new InvalidInputError('The custom cloud needs a Resource Manager endpoint. Set "azureSiteRecovery.customCloud.resourceManagerEndpoint".');
  }
  const resourceManagerEndpoint = normalizeHttpsUrl(custom.resourceManagerEndpoint, 'The custom cloud Resource Manager endpoint');
  const authorityHost = custom.authorityHost?.trim() ? normalizeHttpsUrl(custom.authorityHost, 'The custom cloud authority host') : resourceManagerEndpoint;
  const portalUrl = custom.portalUrl?.trim() ? normalizeHttpsUrl(custom.portalUrl, 'The custom cloud portal URL') : resourceManagerEndpoint;
  if (custom.caCertificatePem !== undefined && custom.caCertificatePem.trim().length > 0) {
    if (!custom.caCertificatePem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new InvalidInputError('The custom cloud CA certificate must be PEM text ("-----BEGIN CERTIFICATE-----").');
    }
  }
  return build('Custom', { resourceManagerEndpoint, authorityHost, portalUrl }, custom.caCertificatePem);
}

/**
 * Link to a resource in the cloud's portal, in the directory (tenant) that holds it:
 * `${portal}/#@${tenant}/resource${armId}`, the shape the Azure extensions for VS Code open
 * (microsoft/vscode-azuretools azure/src/openInPortal.ts:
 * `${root.environment.portalUrl}/${queryPrefix}#@${root.tenantId}/resource${id}`). Without a
 * tenant the portal uses the user's default directory (`#@/resource…`).
 */
export function portalUrlForResource(cloud: AzureCloud, armId: string, tenantId?: string): string {
  const id = armId.startsWith('/') ? armId : `/${armId}`;
  const tenant = tenantId !== undefined && /^[A-Za-z0-9.-]{1,253}$/.test(tenantId.trim()) ? tenantId.trim() : '';
  return `${cloud.portalUrl}/#@${tenant}/resource${id}`;
}
