/**
 * The wizard bundle in a real browser (Debian's Chromium through playwright-core), under the
 * exact HTML and Content Security Policy the panels use (buildWizardHtml), talking to a real
 * FormWizard through the real message gate (WizardChannel + bindForm): acquireVsCodeApi is the
 * only stand-in, wired to the channel. A person's keyboard and mouse drive it.
 */
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BROWSER_PACKAGES, CHROMIUM_PATH, ensureDebianPackages } from '../../scripts/codeServer';
import { WizardChannel } from '../../src/webviews/channel';
import { formProtocol, type FormInbound, type FormState } from '../../src/webviews/form/formProtocol';
import { bindForm, type FormBinding } from '../../src/webviews/form/formSession';
import { FormWizard, type PageContent } from '../../src/webviews/form/formWizard';
import type { InputFieldView } from '../../src/webviews/form/view';
import type { WebviewMessage } from '../../src/webviews/protocol';
import { eventually } from '../support/wait';
import { serveWebview, standInForVsCode, type WebviewServer } from './webviewServer';

interface Snap {
  page: 'details' | 'done';
  name: string;
  kind: 'test' | 'planned';
  notify: boolean;
}

/** Two pages: details (text with a rule, radio, checkbox, Next) and done. */
class DetailsWizard extends FormWizard<Snap> {
  s: Snap = { page: 'details', name: '', kind: 'test', notify: false };
  presses: string[] = [];
  /** Held in memory only, like a host password. */
  password = '';
  protected page(): PageContent {
    if (this.s.page === 'done') {
      return {
        page: 'done',
        title: 'All done',
        blocks: [
          {
            kind: 'summary',
            id: 'summary',
            label: 'You chose',
            rows: [
              { label: 'Name', value: this.s.name },
              { label: 'Kind', value: this.s.kind },
            ],
          },
        ],
        buttons: [{ id: 'back', label: 'Back' }],
      };
    }
    const problem = this.s.name.length < 3 ? 'Type at least 3 characters.' : undefined;
    return {
      page: 'details',
      title: 'Failover details',
      stepLabel: 'Step 1 of 2',
      blocks: [
        { kind: 'text', id: 'name', label: 'VM name', value: this.s.name, maxLength: 30, ...(problem ? { problem } : {}) },
        {
          kind: 'radio',
          id: 'kind',
          label: 'Kind of failover',
          value: this.s.kind,
          options: [
            { value: 'test', label: 'Test', detail: 'the VM keeps running' },
            { value: 'planned', label: 'Planned' },
          ],
        },
        { kind: 'checkbox', id: 'notify', label: 'Notify me', checked: this.s.notify },
        // The wizard puts the password in its view by mistake: FormWizard must blank it.
        { kind: 'text', id: 'password', label: 'Password', value: this.password, secret: true, held: this.password !== '', maxLength: 50 },
      ],
      buttons: [{ id: 'next', label: 'Next', primary: true, disabled: problem !== undefined }],
    };
  }
  snapshot(): Snap {
    return this.s;
  }
  protected onSet(field: InputFieldView, value: string): void {
    if (field.id === 'name') this.s = { ...this.s, name: value };
    if (field.id === 'kind') this.s = { ...this.s, kind: value === 'planned' ? 'planned' : 'test' };
    if (field.id === 'notify') this.s = { ...this.s, notify: value === 'true' };
    if (field.id === 'password') this.password = value;
  }
  protected onPress(button: string): Promise<void> {
    this.presses.push(button);
    this.s = { ...this.s, page: button === 'next' ? 'done' : 'details' };
    return Promise.resolve();
  }
}

/** One page whose buttons come in a muddled order, with an empty select that has a problem. */
class OrderWizard extends DetailsWizard {
  protected override page(): PageContent {
    return {
      page: 'options',
      title: 'Options',
      blocks: [{ kind: 'select', id: 'network', label: 'Network', value: '', options: [{ value: 'n1', label: 'n1' }], problem: 'Choose a network.' }],
      buttons: [
        { id: 'cancel', label: 'Cancel' },
        { id: 'reload', label: 'Try again' },
        { id: 'back', label: 'Back' },
        { id: 'next', label: 'Next', primary: true, disabled: true },
      ],
    };
  }
  protected override onPress(button: string): Promise<void> {
    this.presses.push(button);
    return Promise.resolve();
  }
}

describe('the wizard bundle in Chromium', function () {
  this.timeout(120_000);
  let server: WebviewServer;
  let base = '';
  let browser: Browser;
  let page: Page;
  let wizard: DetailsWizard;
  let channel: WizardChannel<FormState<Snap>, FormInbound>;
  let binding: FormBinding;
  const warnings: string[] = [];
  const violations: string[] = [];
  const inbound: unknown[] = [];
  const outbound: string[] = [];

  before(async () => {
    await ensureDebianPackages(BROWSER_PACKAGES, 'the browser tests (Chromium)', () => undefined);
    server = await serveWebview({ entry: 'main.ts', styles: ['webview.css'], title: 'Failover', wizard: 'form' });
    base = server.base;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  /** Opens the page with acquireVsCodeApi wired to a fresh channel bound to `wizard`. */
  async function open(w: DetailsWizard, savedState?: unknown, answer = true): Promise<void> {
    wizard = w;
    page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    await standInForVsCode(
      page,
      violations,
      (m: unknown) => {
        inbound.push(m);
        if (answer) channel.receive(m);
      },
      savedState ?? null,
    );
    channel = new WizardChannel<FormState<Snap>, FormInbound>({
      viewType: 'test.browser',
      inbound: formProtocol.inbound,
      initialState: w.state(),
      send: (m: WebviewMessage<FormState<Snap>>) => {
        outbound.push(JSON.stringify(m));
        void page.evaluate((msg) => window.postMessage(msg, '*'), m).catch(() => undefined);
        return true;
      },
      log: { warn: (x) => warnings.push(x) },
    });
    binding = bindForm(w, channel, { warn: (x) => warnings.push(x) }, 'test.browser');
    await page.goto(base);
  }

  async function close(): Promise<void> {
    binding.dispose();
    await page.close();
  }

  it('draws the page after the ready handshake, with every control labelled', async () => {
    await open(new DetailsWizard());
    await eventually('the ready handshake', () => (channel.isReady ? true : undefined));
    await page.getByRole('heading', { name: 'Failover details' }).waitFor();
    await page.getByText('Step 1 of 2').waitFor();
    // Each control, found by its kind (not by its label), carries its field's label as its accessible name.
    const labels = (selector: string): Promise<(string | null)[]> => page.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.deepEqual(await labels('vscode-text-field'), ['VM name', 'Password']);
    assert.deepEqual(await labels('vscode-radio-group'), ['Kind of failover']);
    await page.getByRole('radio', { name: /Test.*the VM keeps running/ }).waitFor();
    assert.deepEqual(await labels('vscode-checkbox'), ['Notify me']);
    // The empty field's problem waits until the field is touched: nothing before typing.
    const note = page.locator('.asr-problem');
    assert.equal(await note.count(), 0, 'no problem before the field is touched');
    assert.equal(await page.locator('vscode-text-field[aria-label="VM name"]').getAttribute('aria-invalid'), null);
    // Leaving the field touches it: the problem is shown, announced and tied to the field.
    await page.getByRole('heading', { name: 'Failover details' }).focus();
    await page.keyboard.press('Tab'); // into the name field
    await page.keyboard.press('Tab'); // out of it, to the radio group
    await note.waitFor();
    assert.equal(await note.textContent(), 'Type at least 3 characters.');
    assert.equal(await page.locator('vscode-text-field[aria-label="VM name"]').getAttribute('aria-invalid'), 'true');
    assert.equal(await note.getAttribute('role'), 'alert');
    const describedBy = await page.locator('vscode-text-field[aria-label="VM name"]').getAttribute('aria-describedby');
    assert.ok(describedBy && (await page.locator(`#${describedBy}`).textContent())?.includes('Type at least 3'));
    assert.equal(await page.getByRole('button', { name: 'Next' }).isDisabled(), true);
    await close();
  });

  it('works by keyboard alone: typing keeps focus and text, arrows choose, Space ticks, Enter goes on', async () => {
    await open(new DetailsWizard());
    await eventually('the ready handshake', () => (channel.isReady ? true : undefined));
    await page.getByRole('heading', { name: 'Failover details' }).waitFor();
    await page.keyboard.press('Tab'); // from the focused heading to the text field
    await page.keyboard.type('ramh157v01', { delay: 20 });
    await eventually('the name to reach the wizard', () => (wizard.s.name === 'ramh157v01' ? true : undefined));
    // The wizard's answers (one per keystroke) did not disturb the typing.
    assert.equal(await page.locator('vscode-text-field[aria-label="VM name"]').evaluate((e) => (e as unknown as { value: string }).value), 'ramh157v01');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'VSCODE-TEXT-FIELD');
    await eventually('the problem to clear', async () => ((await page.locator('.asr-problem').count()) === 0 ? true : undefined));
    await page.keyboard.press('Tab'); // radio group
    await page.keyboard.press('ArrowDown');
    await eventually('the kind to change', () => (wizard.s.kind === 'planned' ? true : undefined));
    await page.keyboard.press('Tab'); // checkbox
    await page.keyboard.press('Space');
    await eventually('the checkbox to reach the wizard', () => (wizard.s.notify ? true : undefined));
    await page.keyboard.press('Tab'); // password
    await page.keyboard.press('Tab'); // Next (enabled now)
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'All done' }).waitFor();
    assert.deepEqual(wizard.presses, ['next']);
    // A new page moves focus to its heading, for keyboard and screen-reader users, without a focus box.
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'All done');
    assert.equal(await page.locator('h1').evaluate((e) => getComputedStyle(e).outlineStyle), 'none');
    assert.equal(await page.locator('dd').first().textContent(), 'ramh157v01');
    await close();
  });

  it('sends no echo: redrawing the page after an update reports nothing back', async () => {
    await open(new DetailsWizard());
    await eventually('the ready handshake', () => (channel.isReady ? true : undefined));
    await page.getByRole('heading', { name: 'Failover details' }).waitFor();
    const before = inbound.length;
    wizard.s = { ...wizard.s, kind: 'planned', notify: true, name: 'abc' };
    channel.post({ type: 'update', patch: wizard.state() });
    await eventually('the redraw', async () =>
      (await page.locator('vscode-radio[value="planned"]').evaluate((e) => (e as unknown as { checked: boolean }).checked)) ? true : undefined,
    );
    assert.equal(await page.locator('vscode-checkbox').evaluate((e) => (e as unknown as { checked: boolean }).checked), true);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(inbound.length, before);
    await close();
  });

  it('after the whole state, each keystroke is a small patch; a patch the page cannot apply makes it ask for the whole state', async () => {
    await open(new DetailsWizard());
    await eventually('the ready handshake', () => (channel.isReady ? true : undefined));
    await page.getByRole('heading', { name: 'Failover details' }).waitFor();
    const sentBefore = outbound.length;
    await page.keyboard.press('Tab');
    await page.keyboard.type('vm01', { delay: 20 });
    await eventually('the name to reach the wizard', () => (wizard.s.name === 'vm01' ? true : undefined));
    const typed = outbound.slice(sentBefore).map((m) => JSON.parse(m) as { type: string });
    assert.ok(typed.length >= 4 && typed.every((m) => m.type === 'patch'));
    assert.ok(outbound.slice(sentBefore).every((m) => m.length < 600));
    const readies = (): number => inbound.filter((m) => typeof m === 'object' && m !== null && Reflect.get(m, 'type') === 'ready').length;
    const asked = readies();
    await page.getByRole('heading', { name: 'Failover details' }).focus();
    // A malformed patch (a forbidden key in its path): dropped, nothing polluted, the whole state asked for.
    await page.evaluate(() => window.postMessage({ type: 'patch', base: 0, rev: 1, ops: [{ op: 'set', path: ['__proto__', 'polluted'], value: true }] }, '*'));
    wizard.s = { ...wizard.s, name: 'after-resync', notify: true };
    channel.post({ type: 'update', patch: wizard.state() });
    await eventually('the whole state to be shown', async () =>
      (await page.locator('vscode-text-field[aria-label="VM name"]').evaluate((e) => (e as unknown as { value: string }).value)) === 'after-resync' ? true : undefined,
    );
    assert.equal(await page.locator('vscode-checkbox').evaluate((e) => (e as unknown as { checked: boolean }).checked), true);
    assert.equal(readies(), asked + 1, 'asked once');
    assert.equal(await page.evaluate(() => 'polluted' in Object.prototype), false);
    await close();
  });

  it('a password stays in the box while the extension holds it, is cleared when it does not, and is never sent to the page', async () => {
    await open(new DetailsWizard());
    await eventually('the ready handshake', () => (channel.isReady ? true : undefined));
    const box = page.locator('vscode-text-field[type="password"]');
    await box.locator('input').fill('hunter2-secret');
    await eventually('the password to reach the wizard', () => (wizard.password === 'hunter2-secret' ? true : undefined));
    await page.getByRole('heading', { name: 'Failover details' }).focus();
    wizard.s = { ...wizard.s, notify: true };
    channel.post({ type: 'update', patch: wizard.state() });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await box.evaluate((e) => (e as unknown as { value: string }).value), 'hunter2-secret');
    wizard.password = '';
    channel.post({ type: 'update', patch: wizard.state() });
    await eventually('the box to be cleared', async () => ((await box.evaluate((e) => (e as unknown as { value: string }).value)) === '' ? true : undefined));
    assert.ok(outbound.length > 0);
    assert.ok(!outbound.some((m) => m.includes('hunter2')), 'the password was sent to the page');
    assert.ok(!JSON.stringify(await page.evaluate(() => document.body.dataset.state ?? '')).includes('hunter2'));
    await close();
  });

  it('a reload shows the state VS Code kept (getState) before the extension answers', async () => {
    const w = new DetailsWizard();
    w.s = { page: 'done', name: 'kept-vm', kind: 'planned', notify: false };
    const saved = w.state();
    // The extension does not answer here: what shows comes from the saved state alone.
    await open(new DetailsWizard(), saved, false);
    await page.getByRole('heading', { name: 'All done' }).waitFor();
    assert.equal(await page.locator('dd').first().textContent(), 'kept-vm');
    await close();
  });

  it('shows the buttons in one order, Cancel apart at the right end; a press shows the problems of untouched fields', async () => {
    const w = new OrderWizard();
    await open(w);
    await eventually('the ready handshake', () => (channel.isReady ? true : undefined));
    await page.getByRole('heading', { name: 'Options' }).waitFor();
    const names = await page.locator('.asr-actions vscode-button').evaluateAll((els) => els.map((e) => e.textContent));
    assert.deepEqual(names, ['Back', 'Next', 'Try again', 'Cancel']);
    const [next, cancel] = await Promise.all([page.getByRole('button', { name: 'Next' }).boundingBox(), page.getByRole('button', { name: 'Cancel' }).boundingBox()]);
    assert.ok(next && cancel && cancel.x - (next.x + next.width) > 100, 'Cancel stands apart from the others');
    assert.equal(await page.locator('.asr-problem').count(), 0, 'no problem before anything is done');
    await page.getByRole('button', { name: 'Try again' }).click();
    await eventually('the press', () => (w.presses.length === 1 ? true : undefined));
    assert.equal(await page.locator('.asr-problem').textContent(), 'Choose a network.');
    await close();
  });

  it('never violated the Content Security Policy and never sent a message the gate refused', () => {
    assert.deepEqual(violations, []);
    assert.deepEqual(warnings, []);
  });
});
