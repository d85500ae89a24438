/**
 * Drives the real VS Code workbench (code-server) in Chromium the way a person does: the command
 * palette, the activity bar, tree items and their menus, the status bar, notifications, and the
 * wizard webviews (nested iframes, our toolkit components inside). Every helper waits for what
 * the screen shows; none reaches into the extension.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

export class Workbench {
  private shots = 0;

  constructor(
    readonly page: Page,
    private readonly shotDir: string,
  ) {
    fs.mkdirSync(shotDir, { recursive: true });
  }

  /**
   * A numbered screenshot under test-results/e2e/. With `docsName` and ASR_E2E_UPDATE_DOCS=1, it
   * also becomes docs/images/<docsName>.png, the README's picture of that step: the sidebar and
   * the wizard's column, or with `docsClip` 'window' the whole window (the dashboard, a report).
   */
  async shot(name: string, docsName?: string, docsClip: 'wizard' | 'window' = 'wizard'): Promise<string> {
    this.shots += 1;
    const file = path.join(this.shotDir, `${String(this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file, timeout: 20_000 });
    if (docsName && process.env.ASR_E2E_UPDATE_DOCS === '1') {
      // The README's copy keeps the sidebar and the wizard's column (the rest is empty editor).
      const docsFile = path.join(__dirname, '..', '..', 'docs', 'images', `${docsName}.png`);
      await this.page.screenshot({ path: docsFile, timeout: 20_000, ...(docsClip === 'wizard' ? { clip: { x: 0, y: 0, width: 1020, height: 900 } } : {}) });
    }
    return file;
  }

  async waitForWorkbench(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    await this.page.locator('.part.activitybar').waitFor({ timeout: 60_000 });
  }

  /** Runs a command from the palette by its title ("Azure Site Recovery: Connect"). */
  async command(title: string): Promise<void> {
    await this.openPalette(title);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
  }

  /** Opens the command palette with `filter` typed in. */
  private async openPalette(filter: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input.input');
    // F1 pressed while the keyboard focus was in a webview that was closing goes nowhere (a
    // clean-clone CI run, right after a wizard's Close): focus the side bar's title, press again.
    if (
      !(await input.waitFor({ state: 'visible', timeout: 5_000 }).then(
        () => true,
        () => false,
      ))
    ) {
      await this.page.locator('.part.sidebar .composite.title').first().click();
      await this.page.keyboard.press('F1');
    }
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${filter}`);
  }

  /** The labels of the rows the command palette offers for `filter`; the palette is closed again. */
  async paletteRows(filter: string): Promise<string[]> {
    await this.openPalette(filter);
    await this.page.waitForTimeout(500);
    const rows = (await this.page.locator('.quick-input-list .monaco-list-row .label-name').allTextContents()).map((r) => r.trim());
    await this.page.keyboard.press('Escape');
    return rows.filter((r) => r.length > 0 && !/^No matching commands$/.test(r));
  }

  /** The quick pick's visible rows (labels). */
  quickPickRow(text: string | RegExp): Locator {
    return this.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: text }).first();
  }

  async closeQuickInput(): Promise<void> {
    if (await this.page.locator('.quick-input-widget').isVisible()) await this.page.keyboard.press('Escape');
  }

  /** Opens the Azure Site Recovery container from the activity bar. */
  async openView(): Promise<void> {
    const item = this.page.locator('.activitybar .action-item a[aria-label^="Azure Site Recovery"]').first();
    await item.waitFor({ timeout: 60_000 });
    const header = this.page.locator('.pane-header', { hasText: /Protection/i }).first();
    const selected = await item.locator('xpath=..').getAttribute('class');
    if (!selected?.includes('checked')) await item.click();
    // After a window reload the workbench may restore the container as the active one with the
    // side bar still closed (seen in CI): then a click on its icon opens the side bar.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await header.waitFor({ timeout: 10_000 });
        return;
      } catch {
        // A click on the icon of the active container closes an open side bar: click only when
        // the side bar is closed, or another container is the active one.
        const active = (await item.locator('xpath=..').getAttribute('class'))?.includes('checked') === true;
        if (!(await this.page.locator('.part.sidebar').first().isVisible()) || !active) await item.click();
      }
    }
    await header.waitFor({ timeout: 30_000 });
  }

  /** A tree row in the Protection view by its label (the VM or host name). */
  treeItem(label: string): Locator {
    return this.page
      .locator('.monaco-list-row[role="treeitem"]')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
      .first();
  }

  /** Expands tree rows until `label` shows (the vault, site and host rows above it). */
  async revealTreeItem(label: string, path: readonly string[]): Promise<Locator> {
    for (const parent of path) {
      const row = this.treeItem(parent);
      await row.waitFor({ timeout: 60_000 });
      if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
    }
    const row = this.treeItem(label);
    await row.waitFor({ timeout: 60_000 });
    return row;
  }

  /**
   * Scrolls the Protection view down (the mouse wheel over it, as a person does) until the row
   * `label` is rendered: the tree draws only the rows on screen, so a row far below is not there yet.
   */
  async scrollTreeTo(label: string, timeoutMs = 60_000): Promise<Locator> {
    const row = this.treeItem(label);
    const list = this.page
      .locator('.pane', { has: this.page.locator('.pane-header', { hasText: /Protection/i }) })
      .locator('.monaco-list')
      .first();
    const end = Date.now() + timeoutMs;
    while ((await row.count()) === 0) {
      if (Date.now() > end) throw new Error(`Timed out scrolling the Protection view to ${label}`);
      await list.hover();
      await this.page.mouse.wheel(0, 600);
      await this.page.waitForTimeout(50);
    }
    await row.scrollIntoViewIfNeeded();
    return row;
  }

  /** The description next to a tree item's label ("Protected", "Replicating 42%"). */
  async treeDescription(row: Locator): Promise<string> {
    return ((await row.locator('.label-description').first().textContent()) ?? '').trim();
  }

  /** Right-click a row and choose a menu entry. */
  /** The entries of a row's context menu (the menu is closed again). */
  async contextMenuEntries(row: Locator): Promise<string[]> {
    await row.click({ button: 'right' });
    const items = this.page.locator('.monaco-menu .action-item a.action-menu-item');
    await items.first().waitFor({ timeout: 10_000 });
    const entries = (await items.allTextContents()).map((t) => t.trim());
    await this.page.keyboard.press('Escape');
    await items.first().waitFor({ state: 'hidden', timeout: 10_000 });
    return entries;
  }

  async contextMenu(row: Locator, entry: string): Promise<void> {
    await row.click({ button: 'right' });
    const item = this.page.locator('.monaco-menu .action-item a.action-menu-item', { hasText: entry }).first();
    await item.waitFor({ timeout: 10_000 });
    // Hover to focus the entry, then Enter, as a keyboard user would: a click can land while the
    // menu is still settling and be lost.
    await item.hover();
    await this.page.keyboard.press('Enter');
    await item.waitFor({ state: 'hidden', timeout: 10_000 });
    await this.moveMouseAway();
  }

  /**
   * Expands a tree row and waits until it says so: the pointer goes off the sidebar first (a row's
   * hover, opened while scrolling with the wheel, can take the first click), and the click is tried
   * again while the row stays collapsed.
   */
  async expandTreeRow(row: Locator, timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while ((await row.getAttribute('aria-expanded')) === 'false') {
      if (Date.now() > end) throw new Error(`Timed out expanding the tree row ${(await row.textContent()) ?? ''}`);
      await this.moveMouseAway();
      await this.page.keyboard.press('Escape');
      await row.click();
      await this.page.waitForTimeout(300);
    }
  }

  /** Moves the pointer off the sidebar (to the title bar), so no tree row's hover opens over what comes next. */
  async moveMouseAway(): Promise<void> {
    await this.page.mouse.move(1100, 16);
  }

  /** Click an inline action of a row (shown on hover). */
  async inlineAction(row: Locator, title: string): Promise<void> {
    await row.hover();
    const button = row.locator(`.actions a.action-label[aria-label="${title}"]`).first();
    await button.waitFor({ timeout: 10_000 });
    await button.click();
  }

  statusBar(): Locator {
    return this.page.locator('.part.statusbar');
  }

  /** The status bar item of our extension whose text matches. */
  statusItem(text: RegExp): Locator {
    return this.statusBar().locator('.statusbar-item').filter({ hasText: text }).first();
  }

  /** A visible notification toast containing the text. */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.notification-toast').filter({ hasText: text }).first();
  }

  /** The messages in the notification centre (every notification since the last Clear All, toasts that hid included). */
  async notificationCenterMessages(): Promise<string[]> {
    await this.command('Notifications: Show Notifications');
    const center = this.page.locator('.notifications-center');
    await center.waitFor({ timeout: 10_000 });
    const messages = (await center.locator('.notification-list-item-message').allTextContents()).map((m) => m.trim());
    await this.command('Notifications: Hide Notifications');
    return messages;
  }

  /** The sidebar's width in CSS pixels. */
  async sidebarWidth(): Promise<number> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) throw new Error('The sidebar is not visible.');
    return Math.round(box.width);
  }

  /** Drags the sash at the sidebar's right edge until the sidebar is `width` pixels wide, as a person resizes it. */
  async setSidebarWidth(width: number): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) throw new Error('The sidebar is not visible.');
    const edge = box.x + box.width;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(edge - 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 8 });
    await this.page.mouse.up();
    await this.moveMouseAway();
  }

  /**
   * The visible tree rows whose label or description the view cuts short (an ellipsis: the text is
   * wider than the room it has), as "label description" strings.
   */
  async truncatedTreeRows(): Promise<string[]> {
    interface Box {
      scrollWidth: number;
      clientWidth: number;
      textContent: string | null;
    }
    return this.page
      .locator('.part.sidebar .monaco-list-row[role="treeitem"] .monaco-icon-label-container')
      .evaluateAll((elements) => (elements as unknown as Box[]).filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
  }

  /** Answers VS Code's modal dialog (a confirmation such as "Commit the failover of …?") with one of its buttons. */
  async answerDialog(button: string, timeout = 30_000): Promise<void> {
    const b = this.page.locator('.monaco-dialog-box').getByRole('button', { name: button, exact: true });
    await b.waitFor({ timeout });
    await b.click();
  }

  async clearNotifications(): Promise<void> {
    await this.command('Notifications: Clear All Notifications');
  }

  /** The wizard webview with this page heading (the active panel's inner frame). */
  wizard(): Wizard {
    return new Wizard(this.page);
  }

  async closeEditors(): Promise<void> {
    await this.command('View: Close All Editors');
  }
}

/** A wizard panel: the webview's inner document (outer iframe.webview → inner #active-frame). */
export class Wizard {
  constructor(private readonly page: Page) {}

  get frame(): FrameLocator {
    return this.page.locator('iframe.webview.ready').filter({ visible: true }).last().contentFrame().locator('iframe#active-frame').contentFrame();
  }

  heading(): Locator {
    return this.frame.locator('h1');
  }

  async waitForHeading(text: string | RegExp, timeout = 60_000): Promise<void> {
    await this.frame.locator('h1', { hasText: text }).waitFor({ timeout });
  }

  text(label: string): Locator {
    return this.frame.locator(`vscode-text-field[aria-label="${label}"] input`);
  }

  /**
   * Types into a text field as a person does (click, select all, type), and checks the field
   * then holds what was typed, retyping as a person would when it does not. (Seen once in about
   * ten runs on this 2-core machine: the first key after Ctrl+A lost while the page was being
   * patched for the previous value. Typing itself is covered by the browser suite.)
   */
  async type(label: string, value: string): Promise<void> {
    const input = this.text(label);
    for (let attempt = 1; ; attempt++) {
      await input.click();
      await input.press('Control+A');
      await input.pressSequentially(value, { delay: 5 });
      const now = await input.inputValue();
      if (now === value) return;
      if (attempt >= 3) throw new Error(`The field "${label}" holds "${now}" after typing "${value}" three times.`);
    }
  }

  /** Chooses a radio option by its visible label. */
  async radio(label: string | RegExp): Promise<void> {
    await this.frame
      .locator('vscode-radio')
      .filter({ has: this.frame.locator('.asr-choice-label', { hasText: label }) })
      .first()
      .click();
  }

  /**
   * Opens a dropdown by its label and clicks the option. A page may draw itself again while its
   * list is open (the Connect wizard's region page preselects the vault's region once it has read
   * the vaults, and the open list closes): then the list is opened again, twice at most.
   */
  async select(label: string, option: string | RegExp): Promise<void> {
    const dropdown = this.frame.locator(`vscode-dropdown[aria-label="${label}"]`);
    for (let attempt = 1; ; attempt++) {
      await dropdown.click();
      try {
        await dropdown
          .locator('vscode-option')
          .filter({ hasText: option })
          .first()
          .click({ timeout: attempt < 3 ? 5_000 : 30_000 });
        return;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  }

  async check(label: string | RegExp): Promise<void> {
    await this.frame
      .locator('vscode-checkbox')
      .filter({ has: this.frame.locator('.asr-choice-label', { hasText: label }) })
      .first()
      .click();
  }

  button(label: string): Locator {
    return this.frame
      .locator('vscode-button')
      .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
      .first();
  }

  /** Presses a button once it is enabled. */
  async press(label: string, timeout = 60_000): Promise<void> {
    const b = this.button(label);
    await b.waitFor({ timeout });
    await b.locator(':scope:not([disabled])').waitFor({ timeout });
    await b.click();
  }

  async isEnabled(label: string): Promise<boolean> {
    return (await this.button(label).getAttribute('disabled')) === null;
  }

  /** The run page's step line (label — state). */
  step(label: string | RegExp): Locator {
    return this.frame.locator('li.asr-step').filter({ hasText: label }).first();
  }

  error(): Locator {
    return this.frame.locator('.asr-error');
  }

  problems(): Locator {
    return this.frame.locator('.asr-problem');
  }
}

/** A locator's text now, or '' while it is not there (for polls that wait for a text to show). */
export async function textNow(locator: Locator): Promise<string> {
  return (await locator.textContent({ timeout: 2_000 }).catch(() => '')) ?? '';
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
