// The one sentence shown for a failure: the error's first line, never a stack trace, ending with a
// full stop. Pure.

import * as l10n from '@vscode/l10n';

export function failureText(e: unknown): string {
  if (e instanceof Error && e.message.trim() !== '') return e.message.split('\n')[0].trim();
  return l10n.t('Something went wrong; see the "Azure Site Recovery" output for details.');
}

/** A sentence ends with a full stop (Azure's messages sometimes do not). */
export function withStop(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
