/**
 * A stand-in for the `vscode` module, as much of it as the Protection view's provider
 * (src/tree/protectionTree.ts, src/tree/treeItem.ts) uses, so a benchmark can run it outside VS Code:
 * importing this module (before the provider) makes `require('vscode')` load it. The objects are
 * plain holders: what VS Code does with a TreeItem afterwards (rendering it) is not measured.
 */
import Module from 'node:module';
import * as l10nModule from '@vscode/l10n';

type Listener<T> = (value: T) => void;

export class EventEmitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const l of this.listeners) l(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export class MarkdownString {
  isTrusted = false;
  constructor(
    readonly value: string,
    readonly supportThemeIcons = false,
  ) {}
}

export class Uri {
  private constructor(readonly value: string) {}
  static parse(value: string): Uri {
    return new Uri(value);
  }
}

export class TreeItem {
  id?: string;
  description?: string;
  iconPath?: ThemeIcon;
  tooltip?: MarkdownString;
  contextValue?: string;
  resourceUri?: Uri;
  command?: { command: string; title: string };
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

export const l10n = { t: l10nModule.t };

const resolveFilename = Reflect.get(Module, '_resolveFilename') as (request: string, ...rest: unknown[]) => string;
Reflect.set(Module, '_resolveFilename', function (this: unknown, request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? __filename : resolveFilename.call(this, request, ...rest);
});
