import type { SecretStoreLike } from '../../src/services/hyperv/hostCredentials';

/** An in-memory stand-in for VS Code's SecretStorage (the one collaborator these tests fake). */
export class MemorySecrets implements SecretStoreLike {
  readonly values = new Map<string, string>();
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }
}
