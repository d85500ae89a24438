// The Hyper-V service layer: a PowerShell runner and the typed scripts run through it.
export * from './errors';
export * from './scripts';
export * from './command';
export * from './envelope';
export * from './target';
export * from './powershellRunner';
export * from './hostInfo';
export * from './vmInventory';
