// A page that only says something and closes: what a restored panel shows when its saved state
// cannot be trusted (not the shape its wizard saves, ids outside the connected vault) or what it
// named is gone (the VM left the vault). Nothing is sent from it. Pure: no vscode.
import * as l10n from '@vscode/l10n';
import { FormWizard, type PageContent } from './formWizard';

/** It saves nothing: after another reload the wizard's own restore decides again. */
export type NoticeSnapshot = Record<string, never>;

export class NoticeWizard extends FormWizard<NoticeSnapshot> {
  constructor(
    private readonly title: string,
    /** The sentence on the page: what happened and what to do. */
    readonly text: string,
  ) {
    super();
  }

  protected page(): PageContent {
    return {
      page: 'notice',
      title: this.title,
      blocks: [{ kind: 'textBlock', id: 'notice', tone: 'warning', text: this.text }],
      buttons: [{ id: 'close', label: l10n.t('Close'), primary: true }],
    };
  }

  snapshot(): NoticeSnapshot {
    return {};
  }

  protected onSet(): void {
    // no field on this page
  }

  protected onPress(button: string): Promise<void> {
    if (button === 'close') this.requestClose();
    return Promise.resolve();
  }
}
