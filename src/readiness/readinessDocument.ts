// The readiness report as a read-only document (issue 15 §2): a virtual Markdown document of the
// scheme asr-readiness, shown in VS Code's Markdown preview. Its text is the last run's
// (src/readiness/readinessReport.ts); nothing is written to disk.

import * as vscode from 'vscode';

export const READINESS_SCHEME = 'asr-readiness';

export class ReadinessDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly texts = new Map<string, string>();
  private readonly registration: vscode.Disposable;

  /** `scheme`: another report's own (Check Client Reconnection's asr-reconnection). */
  constructor(private readonly scheme = READINESS_SCHEME) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(scheme, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  /** Shows `markdown` as the document `name` (its preview; the source when no preview is available). */
  async show(name: string, markdown: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${name}.md` });
    this.texts.set(uri.path, markdown);
    this.changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    }
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
