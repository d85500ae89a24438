// Hosts one wizard in a WebviewPanel: strict CSP (html.ts), resources only from dist/webviews and
// media, ready handshake and validation of every inbound message (channel.ts), and restore after
// a reload through a WebviewPanelSerializer (the webview keeps its state with getState/setState).
import * as vscode from 'vscode';
import type { ChannelLog } from './channel';
import { WizardChannel } from './channel';
import { buildWizardHtml } from './html';
import type { HostMessage } from './protocol';
import type { Validator } from './validate';
import { validateMessage } from './validate';

/** Where the browser bundle lands (esbuild.mjs `webviewBuilds`). */
export const wizardBundlePath = ['dist', 'webviews', 'wizard.js'] as const;
export const wizardStylePath = ['media', 'webview.css'] as const;

export interface WizardDefinition<State extends object, In extends { type: string }> {
  /** Panel view type, also the serializer key (needs `onWebviewPanel:<viewType>` activation). */
  readonly viewType: string;
  /** Short name the bundle uses to pick the wizard's pages (`data-wizard`). */
  readonly wizard: string;
  readonly title: string;
  /** Validator of inbound messages (from `defineWizardProtocol(...).inbound`). */
  readonly inbound: Validator<In>;
  /** Validator of a restored state (it comes from the webview, so it is untrusted too). */
  readonly state: Validator<State>;
}

export interface WizardPanelContext {
  readonly extensionUri: vscode.Uri;
  readonly log: ChannelLog;
}

/** The webview options every wizard panel uses. */
export function wizardWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webviews'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class WizardPanel<State extends object, In extends { type: string }, Out extends HostMessage<State> = HostMessage<State>>
  implements vscode.Disposable
{
  private readonly channel: WizardChannel<State, In>;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  /** Fires once when the panel closes. */
  readonly onDidDispose = this.disposeEmitter.event;

  /** Opens a new panel. */
  static open<State extends object, In extends { type: string }>(
    ctx: WizardPanelContext,
    definition: WizardDefinition<State, In>,
    initialState: State,
    column: vscode.ViewColumn = vscode.ViewColumn.Active,
  ): WizardPanel<State, In> {
    const panel = vscode.window.createWebviewPanel(definition.viewType, definition.title, column, {
      ...wizardWebviewOptions(ctx.extensionUri),
      retainContextWhenHidden: false,
      enableFindWidget: false,
    });
    return new WizardPanel(ctx, definition, panel, initialState);
  }

  constructor(
    private readonly ctx: WizardPanelContext,
    private readonly definition: WizardDefinition<State, In>,
    readonly panel: vscode.WebviewPanel,
    initialState: State,
  ) {
    const webview = panel.webview;
    webview.options = wizardWebviewOptions(ctx.extensionUri);
    this.channel = new WizardChannel<State, In>({
      viewType: definition.viewType,
      inbound: definition.inbound,
      initialState,
      send: (message) => webview.postMessage(message),
      log: ctx.log,
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        this.channel.receive(raw);
      }),
      panel.onDidChangeViewState((e) => {
        // Without retained context a hidden webview is destroyed; it says `ready` again on return.
        if (!e.webviewPanel.visible) this.channel.reset();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    this.render();
  }

  /** Current state as the host knows it (init + updates). */
  get state(): State {
    return this.channel.state;
  }

  get isReady(): boolean {
    return this.channel.isReady;
  }

  /** Posts to the webview; queued (folded into state) until the webview is ready. */
  post(message: Out): void {
    if (!this.disposed) this.channel.post(message);
  }

  postError(text: string): void {
    if (!this.disposed) this.channel.postError(text);
  }

  /** Validated messages other than `ready`. */
  onMessage(handler: (message: Exclude<In, { type: 'ready' }>) => void): vscode.Disposable {
    const off = this.channel.onMessage(handler);
    const d = new vscode.Disposable(off);
    this.disposables.push(d);
    return d;
  }

  reveal(column?: vscode.ViewColumn): void {
    this.panel.reveal(column);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.channel.reset();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    this.panel.dispose();
  }

  private render(): void {
    const webview = this.panel.webview;
    const uri = (segments: readonly string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this.ctx.extensionUri, ...segments)).toString();
    this.panel.webview.html = buildWizardHtml({
      cspSource: webview.cspSource,
      scriptUri: uri(wizardBundlePath),
      styleUris: [uri(wizardStylePath)],
      title: this.definition.title,
      wizard: this.definition.wizard,
      initialState: this.channel.state,
      lang: vscode.env.language,
    }).html;
  }
}

/**
 * Registers the serializer that restores a wizard panel after a reload. The saved state comes from
 * the webview's `setState`, so it is validated; an invalid one falls back to `fallbackState()`.
 */
export function registerWizardSerializer<State extends object, In extends { type: string }>(
  ctx: WizardPanelContext,
  definition: WizardDefinition<State, In>,
  fallbackState: () => State,
  onRestored: (panel: WizardPanel<State, In>) => void,
): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(definition.viewType, {
    deserializeWebviewPanel(panel: vscode.WebviewPanel, saved: unknown): Thenable<void> {
      let state = fallbackState();
      if (saved !== undefined && saved !== null) {
        const r = validateMessage(definition.state, saved);
        if (r.ok) state = r.value;
        else ctx.log.warn(`[${definition.viewType}] discarded a restored webview state: ${r.reason}`);
      }
      onRestored(new WizardPanel(ctx, definition, panel, state));
      return Promise.resolve();
    },
  });
}
