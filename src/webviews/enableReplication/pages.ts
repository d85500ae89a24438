// The Enable Replication wizard's page on show, drawn from its state (PageState): the head (title,
// step of how many) and the page's own blocks and buttons. Pure: no vscode.

import * as l10n from '@vscode/l10n';
import type { PageContent } from '../form/formWizard';
import type { EnableReplicationPage } from './form';
import { pageSequence } from './pageFlow';
import type { PageBody, PageState } from './pageParts';
import { hostAccessPage } from './hostAccessPage';
import { reviewPage, runHeading, runPage } from './reviewAndRunPages';
import { policyPage, targetPage } from './targetPages';
import { preflightPage, vmSettingsPage, vmsPage } from './vmPages';

const pageBodies: Record<EnableReplicationPage, (st: PageState) => PageBody> = {
  vms: vmsPage,
  preflight: preflightPage,
  vmSettings: vmSettingsPage,
  hostAccess: hostAccessPage,
  target: targetPage,
  policy: policyPage,
  review: reviewPage,
  run: runPage,
};

const pageTitles: Record<EnableReplicationPage, string> = {
  get vms() {
    return l10n.t('Choose the virtual machines to protect');
  },
  get preflight() {
    return l10n.t('Check against the Azure support matrix');
  },
  get vmSettings() {
    return l10n.t('Operating system and disks');
  },
  get hostAccess() {
    return l10n.t('Access to the Hyper-V hosts');
  },
  get target() {
    return l10n.t('Where the VMs run in Azure');
  },
  get policy() {
    return l10n.t('Replication policy');
  },
  get review() {
    return l10n.t('Review');
  },
  get run() {
    return l10n.t('Enabling replication');
  },
};

function titleOf(st: PageState): string {
  return st.form.page === 'run' ? runHeading(st) : pageTitles[st.form.page];
}

export function enableReplicationPage(st: PageState): PageContent {
  const pages = pageSequence(st.form, st.ctx.candidates);
  const index = pages.indexOf(st.form.page);
  const head = {
    page: st.form.page,
    title: titleOf(st),
    ...(index >= 0 ? { stepLabel: l10n.t('Step {0} of {1}', index + 1, pages.length) } : {}),
  };
  return { ...head, ...pageBodies[st.form.page](st) };
}
