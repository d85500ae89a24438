// node-forge: the vault credentials' certificate and PFX (vaultCredentials.ts), made when a host is registered.
// Built into a file of its own, dist/sdks/<this name>.js (esbuild.mjs), that vaultCredentials.ts requires
// when it makes the first certificate: activation does not load it (issue 14).
export { default as forge } from 'node-forge';
