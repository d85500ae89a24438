// Wraps a presentation model (pure data, presentation.ts) in a vscode.TreeItem. No logic here.

import * as vscode from 'vscode';
import type { TreeItemModel } from './presentation';

const collapsible: Record<TreeItemModel['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export function toTreeItem(model: TreeItemModel): vscode.TreeItem {
  const item = new vscode.TreeItem(model.label, collapsible[model.collapsible]);
  item.id = model.id;
  if (model.description !== undefined) item.description = model.description;
  item.iconPath = new vscode.ThemeIcon(model.iconId, model.iconColorId ? new vscode.ThemeColor(model.iconColorId) : undefined);
  // User data in the tooltip is escaped by the presentation; the markdown is not trusted.
  const tooltip = new vscode.MarkdownString(model.tooltip, true);
  tooltip.isTrusted = false;
  item.tooltip = tooltip;
  item.contextValue = model.contextValue;
  if (model.resourceUri) item.resourceUri = vscode.Uri.parse(model.resourceUri);
  return item;
}
