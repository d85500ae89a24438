// The pure domain model (DESIGN.md section 2): plain data in, plain data out.
export * from './armId';
export * from './protectedItem';
export * from './protectionStatus';
export * from './vmActions';
export * from './preflight';
export * from './osDisk';
export * from './jobSummary';
export * from './windowsVersions';
export { messages } from './messages';
export type { DateLike } from './wireValues';
