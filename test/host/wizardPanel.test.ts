/**
 * The wizard bundle in the real workbench: a form wizard opened in a webview panel loads its
 * browser bundle under the strict CSP, completes the ready handshake, and receives the page.
 * (What a person sees and clicks in it is for the end-to-end suite in a browser.)
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFormPanels, showFormWizard } from '../../src/webviews/form/formPanel';
import { FormWizard, type PageContent } from '../../src/webviews/form/formWizard';
import type { InputFieldView } from '../../src/webviews/form/view';
import { s } from '../../src/webviews/validate';
import { eventually } from '../support/wait';

const extensionId = 'asr-hyperv.azure-site-recovery-hyperv';

class HelloWizard extends FormWizard<{ name: string }> {
  name = '';
  protected page(): PageContent {
    return {
      page: 'hello',
      title: 'Wizard bundle check',
      stepLabel: 'Step 1 of 1',
      blocks: [
        { kind: 'textBlock', id: 'intro', text: 'This panel proves the wizard bundle loads under the Content Security Policy.' },
        { kind: 'text', id: 'name', label: 'Your name', value: this.name, maxLength: 50 },
        {
          kind: 'radio',
          id: 'kind',
          label: 'Kind',
          value: 'a',
          options: [
            { value: 'a', label: 'First', detail: 'what the first does' },
            { value: 'b', label: 'Second' },
          ],
        },
        {
          kind: 'steps',
          id: 'steps',
          label: 'Progress',
          steps: [
            { id: 'one', label: 'Step one', state: 'succeeded' },
            { id: 'two', label: 'Step two', state: 'running', percent: 40 },
          ],
        },
      ],
      buttons: [
        { id: 'next', label: 'Next', primary: true },
        { id: 'cancel', label: 'Cancel' },
      ],
    };
  }
  snapshot(): { name: string } {
    return { name: this.name };
  }
  protected onSet(_field: InputFieldView, value: string): void {
    this.name = value;
  }
  protected async onPress(): Promise<void> {
    this.requestClose();
    return Promise.resolve();
  }
}

describe('a wizard panel in the workbench', function () {
  this.timeout(60000);
  it('loads the bundle under the CSP and completes the ready handshake', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    await ext.activate();
    const warnings: string[] = [];
    showFormWizard(
      { extensionUri: ext.extensionUri, log: { warn: (w) => warnings.push(w) } },
      { viewType: 'azureSiteRecovery.test.hello', title: 'Wizard bundle check', snapshot: s.object({ name: s.string({ maxLength: 50 }) }) },
      'hello',
      'Wizard bundle check',
      () => new HelloWizard(),
    );
    const panel = await eventually('the wizard panel to open', () => openFormPanels()[0], 10_000);
    await eventually('the webview to say ready', () => (panel.isReady ? true : undefined), 30_000, 100);
    assert.equal(panel.state.view.title, 'Wizard bundle check');
    assert.deepEqual(warnings, []);
    // Left open: the suite's closing screenshot shows the page as the bundle drew it.
  });
});
