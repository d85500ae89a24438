// Shows a form wizard in a webview panel (vscode glue): one panel per wizard and subject (a
// second "Enable replication" for the same VMs reveals the first), the wizard bound to the
// panel's validated channel, Cancel/Close closing the panel, and restore after a reload through
// a WebviewPanelSerializer that rebuilds the wizard from its validated snapshot.
import * as vscode from 'vscode';
import type { ScanLimits, Validator } from '../validate';
import type { WizardDefinition, WizardPanelContext } from '../panelHost';
import { WizardPanel } from '../panelHost';
import type { FormInbound, FormState } from './formProtocol';
import { formProtocol, restoredSnapshot } from './formProtocol';
import { bindForm } from './formSession';
import type { FormWizard } from './formWizard';

export interface FormWizardKind<Snapshot> {
  /** Panel view type (`onWebviewPanel:<viewType>` activation + serializer key). */
  readonly viewType: string;
  readonly title: string;
  /** Validates a snapshot restored from the webview (untrusted). */
  readonly snapshot: Validator<Snapshot>;
  /** The size limits of a restored snapshot, when the kind saves more than a message may hold (validate.ts defaultScanLimits). */
  readonly limits?: ScanLimits;
}

type AnyPanel = WizardPanel<FormState, FormInbound>;
const open = new Map<string, AnyPanel>();

function definition<Snapshot>(kind: FormWizardKind<Snapshot>, title: string): WizardDefinition<FormInbound> {
  return { viewType: kind.viewType, wizard: 'form', title, inbound: formProtocol.inbound };
}

function attach(ctx: WizardPanelContext, panel: AnyPanel, wizard: FormWizard<unknown>, key: string): void {
  const binding = bindForm(wizard, panel, ctx.log, panel.panel.viewType);
  const offClose = wizard.onDidRequestClose(() => panel.dispose());
  // A wizard behind another tab does not show how its jobs end: they notify (jobProgress.ts).
  wizard.setShown(panel.panel.visible);
  const viewState = panel.panel.onDidChangeViewState((e) => wizard.setShown(e.webviewPanel.visible));
  open.set(key, panel);
  panel.onDidDispose(() => {
    if (open.get(key) === panel) open.delete(key);
    offClose();
    viewState.dispose();
    binding.dispose();
    // Work the wizard started (jobs in Azure, a provider install) goes on; the status bar and
    // the Jobs view follow it.
    wizard.dispose();
  });
}

/**
 * Opens `create()`'s wizard in a new panel, or reveals the panel already open for `subject`
 * (then `create` is not called).
 */
export function showFormWizard<Snapshot>(ctx: WizardPanelContext, kind: FormWizardKind<Snapshot>, subject: string, title: string, create: () => FormWizard<Snapshot>): void {
  const key = `${kind.viewType}/${subject}`;
  const existing = open.get(key);
  if (existing) {
    existing.reveal();
    return;
  }
  const wizard = create();
  const panel = WizardPanel.open<FormState, FormInbound>(ctx, definition(kind, title), wizard.state());
  attach(ctx, panel, wizard, key);
}

/**
 * Restores the kind's panels after a reload. `restore` gets the validated snapshot (undefined
 * when there was none or it was invalid: then it decides, e.g. a fresh wizard or a page that says
 * why the panel cannot be restored) and returns the wizard, or undefined to close the panel. The
 * snapshot is only the shape the kind saves: `restore` checks what it names before trusting it.
 */
export function registerFormSerializer<Snapshot>(
  ctx: WizardPanelContext,
  kind: FormWizardKind<Snapshot>,
  restore: (snapshot: Snapshot | undefined) => Promise<FormWizard<unknown> | undefined>,
  subjectOf: (snapshot: Snapshot | undefined) => string,
  /** The panel's title for the restored wizard (default: the title it had). */
  titleOf?: (wizard: FormWizard<unknown>) => string | undefined,
): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(kind.viewType, {
    async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, saved: unknown): Promise<void> {
      let snapshot: Snapshot | undefined;
      if (saved !== undefined && saved !== null) {
        const r = restoredSnapshot(saved, kind.snapshot, kind.limits);
        if (r.ok) snapshot = r.value;
        else ctx.log.warn(`[${kind.viewType}] discarded a restored webview state: ${r.reason}`);
      }
      let wizard: FormWizard<unknown> | undefined;
      try {
        wizard = await restore(snapshot);
      } catch (e) {
        ctx.log.warn(`[${kind.viewType}] could not restore the wizard: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (!wizard) {
        webviewPanel.dispose();
        return;
      }
      const title = titleOf?.(wizard);
      if (title !== undefined) webviewPanel.title = title;
      const panel = new WizardPanel<FormState, FormInbound>(ctx, definition(kind, webviewPanel.title), webviewPanel, wizard.state());
      attach(ctx, panel, wizard, `${kind.viewType}/${subjectOf(snapshot)}`);
    },
  });
}

/** Panels open now (tests). */
export function openFormPanels(): readonly AnyPanel[] {
  return [...open.values()];
}
