// The Enable Replication wizard's page on show, drawn from its state (PageState): the head (title,
// step of how many) and the page's own blocks and buttons. Pure: no vscode.

import type { PageContent } from '../form/formWizard';
import type { EnableReplicationPage } from './form';
import { pageSequence } from './pageFlow';
import type { PageBody, PageState } from './pageParts';
import { hostAccessPage } from './hostAccessPage';
import { reviewPage, runPage } from './reviewAndRunPages';
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
  vms: 'Choose the virtual machines to protect',
  preflight: 'Check against the Azure support matrix',
  vmSettings: 'Operating system and disks',
  hostAccess: 'Access to the Hyper-V hosts',
  target: 'Where the VMs run in Azure',
  policy: 'Replication policy',
  review: 'Review',
  run: 'Enabling replication',
};

export function enableReplicationPage(st: PageState): PageContent {
  const pages = pageSequence(st.form, st.ctx.candidates);
  const index = pages.indexOf(st.form.page);
  const head = {
    page: st.form.page,
    title: pageTitles[st.form.page],
    ...(index >= 0 ? { stepLabel: `Step ${index + 1} of ${pages.length}` } : {}),
  };
  return { ...head, ...pageBodies[st.form.page](st) };
}
