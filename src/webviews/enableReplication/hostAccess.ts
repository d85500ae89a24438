// Access to the Hyper-V hosts the Enable Replication run installs the provider on over remoting:
// which hosts need it, the user name (and "save") the form holds per host, what is wrong with
// them, and the host whose setup failed (its credentials may be corrected before Retry). The
// passwords stay with the wizard, in memory. Pure: no vscode and no SDK client.

import * as l10n from '@vscode/l10n';
import type { RunPlan } from '../../flows/enableReplicationPlan';
import { hostOf, needsProviderSetup, selectedHosts, type EnableReplicationForm, type HostAccessForm } from './form';
import type { CandidateHost, Candidates } from './candidates';

/** Hosts of the chosen VMs that the run reaches over remoting to install the provider. */
export function hostsNeedingAccess(form: EnableReplicationForm, candidates: Candidates): CandidateHost[] {
  return selectedHosts(form, candidates).filter((h) => needsProviderSetup(h) && !h.local);
}

export function hostAccessOf(form: EnableReplicationForm, hostKey: string): HostAccessForm {
  return form.hostAccess.find((a) => a.hostKey === hostKey) ?? { hostKey, userName: '', save: false };
}

export function withHostAccess(form: EnableReplicationForm, access: HostAccessForm): EnableReplicationForm {
  return { ...form, hostAccess: [...form.hostAccess.filter((a) => a.hostKey !== access.hostKey), access] };
}

/** What is wrong with one host's credentials (`hasPassword`: a password was typed). */
export function hostAccessProblem(host: CandidateHost, access: HostAccessForm, hasPassword: boolean): { userName?: string; password?: string } {
  const user = access.userName.trim();
  if (user === '' && !hasPassword) {
    // Empty: the saved credentials, or the account VS Code runs as (it reached the host already).
    return {};
  }
  if (user === '') {
    return {
      userName: host.credentialSaved
        ? l10n.t('Enter the user name that goes with the password, for example CONTOSO\\admin, or clear the password to use the saved credentials.')
        : l10n.t('Enter the user name that goes with the password, for example CONTOSO\\admin, or clear the password to use your own account.'),
    };
  }
  if (!hasPassword) return { password: l10n.t('Enter the password of {0}.', user) };
  return {};
}

/** The remote host whose provider setup step failed (its credentials may be corrected on the run page). */
export function failedRemoteHost(stepId: string, plan: RunPlan | undefined, candidates: Candidates): CandidateHost | undefined {
  const [kind, hostKey] = [stepId.slice(0, stepId.indexOf(':')), stepId.slice(stepId.indexOf(':') + 1)];
  if (kind !== 'install' && kind !== 'register' && kind !== 'connected') return undefined;
  const planned = plan?.hosts.find((h) => h.key === hostKey);
  if (!planned?.setup || planned.local) return undefined;
  return hostOf(candidates, hostKey) ?? { key: planned.key, name: planned.name, fqdn: planned.fqdn, local: false, registered: false, connected: false, credentialSaved: false };
}
