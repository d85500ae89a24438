// What activate() returns. The live parts include the Azure connection (its token credential) and
// the saved Hyper-V host credentials, and whatever activate() returns is handed to every other
// extension (vscode.extensions.getExtension(...).exports). So they are returned only when the
// extension runs its own tests (ExtensionMode.Test: launched with extensionTestsPath, as the host
// suite is), and nothing otherwise (issue 12, finding 2). No `vscode` value import: unit-tested.

import type * as vscode from 'vscode';
import type { Connection } from './connection/connection';
import type { EstateStore } from './estate/store';
import type { JobTracker } from './jobs/jobTracker';
import type { HostCredentialStore } from './services/hyperv/hostCredentials';
import type { JobsTree } from './tree/jobsTree';
import type { VmDecorations } from './tree/decorations';
import type { ProtectionNode, ProtectionTree } from './tree/protectionTree';

/** The live parts, for the host tests only. */
export interface ExtensionApi {
  connection: Connection;
  store: EstateStore;
  tracker: JobTracker;
  protectionTree: ProtectionTree;
  protectionView: vscode.TreeView<ProtectionNode>;
  jobsTree: JobsTree;
  decorations: VmDecorations;
  /** Saved Hyper-V host credentials (secret storage). */
  credentials: HostCredentialStore;
  /** The wizard panels open now (for tests: the panel's view type, handshake and page). */
  wizardPanels: () => readonly { readonly viewType: string; readonly isReady: boolean; readonly page: string; readonly title: string }[];
}

/** vscode.ExtensionMode.Test (the enum's values are part of the API: Production 1, Development 2, Test 3). */
const TEST_MODE: vscode.ExtensionMode.Test = 3;

/** The API when the extension runs its own tests (`mode` is context.extensionMode); undefined otherwise, without building it. */
export function apiForMode(mode: vscode.ExtensionMode, build: () => ExtensionApi): ExtensionApi | undefined {
  return mode === TEST_MODE ? build() : undefined;
}
