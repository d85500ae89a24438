// Subscriptions and their locations.
// Built into a file of its own, dist/sdks/<this name>.js (esbuild.mjs), that clients.ts requires when it
// builds the first client of this SDK: activation does not load it (issue 14).
export { SubscriptionClient } from '@azure/arm-resources-subscriptions';
