// Credentials for remote Hyper-V hosts, kept in VS Code's SecretStorage (encrypted by the OS
// keychain), never in settings or logs. This module takes the SecretStorage shape, not vscode
// itself, so it runs and is tested in plain Node.

import type { HyperVCredential } from './target';

/** The part of vscode.SecretStorage used here. */
export interface SecretStoreLike {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

const PREFIX = 'azureSiteRecovery.hyperV.credential/';

/** One key per host, case-insensitive (RAM-H1-2 and ram-h1-2.contoso.local share nothing: use one name). */
export function credentialKey(host: string): string {
  return `${PREFIX}${host.trim().toLowerCase()}`;
}

export class HostCredentialStore {
  constructor(private readonly secrets: SecretStoreLike) {}

  async get(host: string): Promise<HyperVCredential | undefined> {
    const raw = await this.secrets.get(credentialKey(host));
    if (raw === undefined) return undefined;
    try {
      const parsed = JSON.parse(raw) as Partial<HyperVCredential>;
      if (typeof parsed.userName === 'string' && typeof parsed.password === 'string') {
        return { userName: parsed.userName, password: parsed.password };
      }
    } catch {
      // A damaged entry is treated as absent; storing again replaces it.
    }
    return undefined;
  }

  async set(host: string, credential: HyperVCredential): Promise<void> {
    if (credential.userName.trim() === '') throw new Error('A user name is required (for example CONTOSO\\admin).');
    await this.secrets.store(credentialKey(host), JSON.stringify({ userName: credential.userName.trim(), password: credential.password }));
  }

  async delete(host: string): Promise<void> {
    await this.secrets.delete(credentialKey(host));
  }
}
