// Hosts one wizard in a WebviewPanel: strict CSP (html.ts), resources only from dist/webviews and
// media, ready handshake and validation of every inbound message (channel.ts). A panel restored
// after a reload is handed to the constructor by a WebviewPanelSerializer (form/formPanel.ts).
import * as vscode from 'vscode';
import type { ChannelLog } from './channel';
import { WizardChannel } from './channel';
import { buildWizardHtml } from './html';
import type { HostMessage } from './protocol';
import type { Validator } from './validate';

/** Where the browser bundle lands (esbuild.mjs `webviewBuilds`). */
export const wizardBundlePath = ['dist', 'webviews', 'wizard.js'] as const;
export const wizardStylePath = ['media', 'webview.css'] as const;
/** The panel tab's icon: the extension's own (media/icon.png, packaged; coloured, so one image serves light and dark themes). */
export const wizardIconPath = ['media', 'icon.png'] as const;

export interface WizardDefinition<In extends { type: string }> {
  /** Panel view type, also the serializer key (needs `onWebviewPanel:<viewType>` activation). */
  readonly viewType: string;
  /** Short name the bundle uses to pick the wizard's pages (`data-wizard`). */
  readonly wizard: string;
  readonly title: string;
  /** Validator of inbound messages (from `defineWizardProtocol(...).inbound`). */
  readonly inbound: Validator<In>;
  /** The browser bundle and stylesheets the panel loads, when not the wizards' (the recovery dashboard's). */
  readonly bundle?: readonly string[];
  readonly styles?: readonly (readonly string[])[];
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

export class WizardPanel<State extends object, In extends { type: string }, Out extends HostMessage<State> = HostMessage<State>> implements vscode.Disposable {
  private readonly channel: WizardChannel<State, In>;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  /** Fires once when the panel closes. */
  readonly onDidDispose = this.disposeEmitter.event;

  /** Opens a new panel. */
  static open<State extends object, In extends { type: string }>(
    ctx: WizardPanelContext,
    definition: WizardDefinition<In>,
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
    private readonly definition: WizardDefinition<In>,
    readonly panel: vscode.WebviewPanel,
    initialState: State,
  ) {
    const webview = panel.webview;
    webview.options = wizardWebviewOptions(ctx.extensionUri);
    // Also on a panel restored after a reload (VS Code does not keep the icon).
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, ...wizardIconPath);
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
      scriptUri: uri(this.definition.bundle ?? wizardBundlePath),
      styleUris: (this.definition.styles ?? [wizardStylePath]).map(uri),
      title: this.definition.title,
      wizard: this.definition.wizard,
      initialState: this.channel.state,
      lang: vscode.env.language,
    }).html;
  }
}
