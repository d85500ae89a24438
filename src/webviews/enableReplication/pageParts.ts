// What the Enable Replication wizard's pages are drawn from (PageState) and the parts they share:
// field ids, view ids for host and VM keys, buttons, a field with its problem. Pure: no vscode.

import * as l10n from '@vscode/l10n';
import type { EnableReplicationRun } from '../../flows/enableReplication';
import type { RunPlan } from '../../flows/enableReplicationPlan';
import type { PageContent } from '../form/formWizard';
import type { ButtonView, InputFieldView } from '../form/view';
import { viewIdPattern } from '../form/view';
import type { EnableReplicationForm } from './form';
import type { FollowedRun } from './initialReplication';
import type { ModelContext } from './pageFlow';

/** What a page is drawn from. */
export interface PageState {
  form: EnableReplicationForm;
  /** The candidates, the Azure choices once read, the vault's region, the hosts a password was typed for. */
  ctx: ModelContext;
  /** The wizard is at work (Next and Start wait). */
  busy: boolean;
  /** Host credentials can be saved: offer the checkbox. */
  canSaveCredentials: boolean;
  /** From Start on. */
  plan?: RunPlan;
  run?: EnableReplicationRun;
  /** The run's steps with initial replication followed in the estate (when the wizard follows it). */
  followed?: FollowedRun;
}

/** A page without its head (page, title, step label). */
export type PageBody = Pick<PageContent, 'blocks' | 'buttons'>;

/** The ids of the fixed fields (host and VM fields are named after their key, see idPart). */
export const F = {
  vms: 'vms',
  resourceGroup: 'resourceGroup',
  storageAccount: 'storageAccount',
  network: 'network',
  subnet: 'subnet',
  vmSize: 'vmSize',
  license: 'license',
  frequency: 'frequency',
  retention: 'retention',
  appConsistent: 'appConsistent',
} as const;

/** A view id for a host or VM key (keys are DNS names and GUIDs; anything else is made safe). */
export function idPart(k: string): string {
  const safe = k.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 180);
  return viewIdPattern.test(`x:${safe}`) ? safe : 'x';
}

export function button(id: string, label: string, extra: { primary?: boolean; disabled?: boolean } = {}): ButtonView {
  return { id, label, ...(extra.primary ? { primary: true } : {}), ...(extra.disabled ? { disabled: true } : {}) };
}

export function withProblem<T extends InputFieldView>(field: T, problem: string | undefined): T {
  return problem !== undefined ? { ...field, problem } : field;
}

export function navButtons(st: PageState, problem: string | undefined, first = false): ButtonView[] {
  return [
    ...(first ? [] : [button('back', l10n.t('Back'))]),
    button('cancel', l10n.t('Cancel')),
    button('next', l10n.t('Next'), { primary: true, disabled: problem !== undefined || st.busy }),
  ];
}
