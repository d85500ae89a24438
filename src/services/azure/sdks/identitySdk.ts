// Service principal and Azure CLI sign-in (credentials.ts); a Microsoft account session needs none of it.
// Built into a file of its own, dist/sdks/<this name>.js (esbuild.mjs), that credentials.ts requires when
// it builds the first such credential: activation does not load it (issue 14).
export { AzureCliCredential, ClientSecretCredential } from '@azure/identity';
