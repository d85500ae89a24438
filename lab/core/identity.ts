import type { LabResponse } from './router';
import type { TokenIssuer } from './tokens';

export interface IdentityConfig {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  tokenLifetimeSeconds: () => number;
  /** Other identities of the scenario that may sign in with client credentials. */
  otherClients?: () => readonly { clientId: string; clientSecret: string }[];
}

function aadError(status: number, error: string, description: string, code: number): LabResponse {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description}`,
      error_codes: [code],
      timestamp: new Date()
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z'),
      trace_id: '00000000-0000-0000-0000-000000000000',
      correlation_id: '00000000-0000-0000-0000-000000000000',
    },
  };
}

/** The OpenID configuration of the lab's tenant (what @azure/identity reads before asking for a token). */
function openIdConfiguration(baseUrl: string, t: string): LabResponse {
  return {
    status: 200,
    body: {
      token_endpoint: `${baseUrl}/${t}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${baseUrl}/${t}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${baseUrl}/${t}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
      authorization_endpoint: `${baseUrl}/${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${baseUrl}/${t}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${baseUrl}/${t}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid', 'oid'],
      kerberos_endpoint: `${baseUrl}/${t}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'asr-lab',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    },
  };
}

/**
 * The lab as an identity provider for a service principal: the OpenID configuration and the
 * token endpoint (client credentials grant) that @azure/identity's ClientSecretCredential uses.
 */
export function identityEndpoint(config: IdentityConfig, tokens: TokenIssuer) {
  return (method: string, segments: string[], body: string, baseUrl: string): LabResponse | undefined => {
    const [tenant, ...rest] = segments;
    if (!tenant) return undefined;
    const path = rest.join('/').toLowerCase();
    const known = tenant.toLowerCase() === config.tenantId.toLowerCase() || tenant === 'organizations' || tenant === 'common';
    if (method === 'GET' && path === 'v2.0/.well-known/openid-configuration') {
      if (!known) return aadError(400, 'invalid_tenant', `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`, 90002);
      return openIdConfiguration(baseUrl, config.tenantId);
    }
    if (method === 'GET' && path === 'discovery/v2.0/keys') {
      return { status: 200, body: { keys: [] } };
    }
    if (method === 'POST' && path === 'oauth2/v2.0/token') {
      if (!known || tenant === 'common' || tenant === 'organizations') {
        return aadError(400, 'invalid_request', `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`, 90002);
      }
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'client_credentials') {
        return aadError(400, 'unsupported_grant_type', 'The lab supports the client_credentials grant only.', 70003);
      }
      const clients = [{ clientId: config.clientId, clientSecret: config.clientSecret }, ...(config.otherClients?.() ?? [])];
      const client = clients.find((c) => c.clientId === form.get('client_id'));
      if (!client) {
        return aadError(400, 'unauthorized_client', `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory.`, 700016);
      }
      if (form.get('client_secret') !== client.clientSecret) {
        return aadError(
          401,
          'invalid_client',
          'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
          7000215,
        );
      }
      const scope = form.get('scope') ?? '';
      const resource = scope.split(' ').find((s) => s.endsWith('/.default'));
      if (!resource) {
        return aadError(
          400,
          'invalid_scope',
          `The provided value for scope '${scope}' is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
          1002012,
        );
      }
      const lifetime = config.tokenLifetimeSeconds();
      const { token } = tokens.issue(config.tenantId, client.clientId, resource.replace(/\/\.default$/, ''), lifetime);
      return {
        status: 200,
        body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token },
      };
    }
    return undefined;
  };
}
