// The Protection view while it shows the snapshot saved before the window reloaded
// (src/estate/snapshotCache.ts), until the first refresh lands: the vault row says so with the
// snapshot's age ("cached 4 min ago", the whole sentence on hover), and the VM rows offer no
// action (their contextValue loses its action tokens, so no action menu shows on what may have
// changed since; the palette's commands re-read the item from Azure before acting,
// src/flows/vmAction.ts). Pure: no vscode import.

import * as l10n from '@vscode/l10n';
import { escapeMarkdown, formatAge, splitTokens, withoutActionTokens, type TreeItemModel } from './presentCommon';
import { short } from './presentShort';

/** The contextValue token of a VM row shown from the cached snapshot. */
export const CACHED_TOKEN = 'cached';

/** The vault row while the cached snapshot shows: "cached 4 min ago" as its description, the sentence first in its tooltip. */
export function withCachedMark(model: TreeItemModel, savedAt: Date, now: Date): TreeItemModel {
  const age = formatAge(savedAt, now);
  const sentence = l10n.t('Cached: the estate as read {0} ({1}), shown until the refresh under way lands.', age, savedAt.toLocaleString());
  return { ...model, description: short.cachedAge(age), tooltip: `*${escapeMarkdown(sentence)}*\n\n${model.tooltip}` };
}

/** A VM row from the cached snapshot: no action tokens, plus CACHED_TOKEN. */
export function withoutCachedActions(model: TreeItemModel): TreeItemModel {
  const tokens = splitTokens(withoutActionTokens(model.contextValue)).filter((t) => t !== CACHED_TOKEN);
  return { ...model, contextValue: [...tokens, CACHED_TOKEN].join(';') };
}
