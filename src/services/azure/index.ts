// The Azure service layer: plain Node (no vscode), small functions over the real Azure SDK clients.

export * from './asrOperation';
export * from './cloud';
export * from './clients';
export * from './containers';
export * from './credentials';
export * from './errors';
export * from './failover';
export * from './jobs';
export * from './names';
export * from './networks';
export * from './permissions';
export * from './policies';
export * from './protection';
export * from './providers';
export * from './recoveryPoints';
export * from './resourceProviders';
export * from './sites';
export * from './storage';
export * from './subscriptions';
export * from './vaultCredentials';
export * from './vaults';
