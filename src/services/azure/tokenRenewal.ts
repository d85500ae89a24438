// A 401 from Azure is answered once with a token fetched anew. The SDK clients' signing policy
// (@azure/core-rest-pipeline bearerTokenAuthenticationPolicy) keeps its token until a second
// before the expiry the credential stated and never drops it on a 401, and its retries after a
// 429 or 5xx re-send the signed request as it was; so a token that expired while a request waited,
// that a slow clock thinks is still good, or that was revoked failed the call. Here, on a 401 the
// cached token is dropped (the signing policy's, and the credential's own when it has one, like
// VsCodeSessionCredential.clearCache) and the request is signed and sent again, once; when the
// credential has no other token to give, or the second answer is a 401 too, the 401 surfaces as
// before. A claims challenge (Continuous Access Evaluation) stays the SDK policy's own business.

import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  bearerTokenAuthenticationPolicyName,
  isRestError,
  type Pipeline,
  type RestError,
  type PipelinePolicy,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';

/** What sending gave: the response, and the error the pipeline threw with it (to throw again). */
interface Outcome {
  response: PipelineResponse;
  error?: RestError;
}

async function attempt(send: () => Promise<PipelineResponse>): Promise<Outcome> {
  try {
    return { response: await send() };
  } catch (e) {
    if (isRestError(e) && e.response) return { response: e.response, error: e };
    throw e;
  }
}

function settle(outcome: Outcome): PipelineResponse {
  if (outcome.error !== undefined) throw outcome.error;
  return outcome.response;
}

function isClaimsChallenge(response: PipelineResponse): boolean {
  return /\bclaims\s*=/i.test(response.headers.get('WWW-Authenticate') ?? '');
}

function dropCredentialCache(credential: TokenCredential): void {
  const clearable = credential as TokenCredential & { clearCache?: unknown };
  if (typeof clearable.clearCache === 'function') (clearable as { clearCache(): void }).clearCache();
}

/**
 * The signing policy, renewing its token after a 401: it takes the SDK's place (same name), so the
 * SDK's own token cycling, https check and claims challenges are unchanged.
 */
export function tokenRenewalPolicy(credential: TokenCredential, scopes: string[]): PipelinePolicy {
  const newSigner = (): PipelinePolicy => bearerTokenAuthenticationPolicy({ credential, scopes });
  let signer = newSigner();
  return {
    name: bearerTokenAuthenticationPolicyName,
    async sendRequest(request, next) {
      const used = signer;
      const first = await attempt(() => used.sendRequest(request, next));
      if (first.response.status !== 401 || isClaimsChallenge(first.response)) return settle(first);
      const sentWith = request.headers.get('Authorization');
      // Requests that failed together with the same signer renew it once, and share the new one.
      if (signer === used) {
        dropCredentialCache(credential);
        signer = newSigner();
      }
      // The same token again would get the same answer: keep the first one then.
      const renewed = await attempt(() => signer.sendRequest(request, async (signed) => (signed.headers.get('Authorization') === sentWith ? settle(first) : next(signed))));
      return settle(renewed);
    },
  };
}

/** Puts tokenRenewalPolicy in the place of the pipeline's signing policy. */
export function renewTokensOn401(pipeline: Pipeline, credential: TokenCredential, scopes: string[]): void {
  pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
  pipeline.addPolicy(tokenRenewalPolicy(credential, scopes));
}
