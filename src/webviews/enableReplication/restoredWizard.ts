// Rebuilds the Enable Replication wizard after a reload from the state its webview kept
// (snapshot.ts), which the webview could have changed. The form's VMs are filtered to the
// candidates by the wizard; a run resumes only when every host and VM of its plan is still in the
// estate — their names, FQDNs and VMIds then the estate's, never the saved state's — and what it
// names in Azure is in the connected vault or its subscription. Otherwise the panel says why, and
// nothing is sent. Pure: no vscode; the glue passes the estate and the connected vault.
import * as l10n from '@vscode/l10n';
import type { VaultRef } from '../../model/armId';
import { findVmByKey, type EstateSnapshot } from '../../estate';
import { NoticeWizard } from '../form/noticeWizard';
import { EnableReplicationWizard, type EnableReplicationDeps, type EnableReplicationInput } from './enableReplicationWizard';
import { restoredPlan, type EnableReplicationSnapshot, type PlanEstate } from './snapshot';

/** The plan's look-up in an estate snapshot: hosts and VMs by key, named as runPlan.ts names them. */
export function planEstateOf(snapshot: EstateSnapshot): PlanEstate {
  return {
    host(key) {
      const h = snapshot.hosts.find((x) => x.key === key.toLowerCase());
      return h ? { name: h.name || h.fqdn || h.key, fqdn: h.fqdn ?? h.name, local: h.sources.includes('local') } : undefined;
    },
    vm(key) {
      const v = findVmByKey(snapshot, key.toLowerCase());
      return v ? { vmId: v.vmId, name: v.name, hostKey: v.hostKey } : undefined;
    },
  };
}

/** Where a restored run must belong: the connected vault, and the estate now (undefined: none read). */
export interface RestoreScope {
  vault: VaultRef;
  estate: PlanEstate | undefined;
}

/**
 * The wizard of a restored panel: afresh without a valid snapshot, on the saved page without a
 * run, on the run page (Retry resumes it) when its plan still holds, else a page that says why.
 */
export function restoredEnableReplicationWizard(
  deps: EnableReplicationDeps,
  input: EnableReplicationInput,
  snapshot: EnableReplicationSnapshot | undefined,
  scope: RestoreScope,
): EnableReplicationWizard | NoticeWizard {
  if (!snapshot) return new EnableReplicationWizard(deps, input);
  if (!snapshot.plan || !snapshot.run) return new EnableReplicationWizard(deps, input, { form: snapshot.form });
  const r = restoredPlan(snapshot.plan, snapshot.run.results, scope.estate, scope.vault);
  if (r.ok) return new EnableReplicationWizard(deps, input, { form: snapshot.form, resume: { plan: r.plan, run: snapshot.run } });
  const why =
    r.problem === 'notInEstate'
      ? l10n.t('The run this page showed was for hosts or VMs that are no longer in the estate of the vault {0}.', scope.vault.vaultName)
      : l10n.t('The run this page showed names Azure resources outside the vault you are connected to ({0}).', scope.vault.vaultName);
  return new NoticeWizard(
    l10n.t('Enable replication'),
    `${why} ${l10n.t('Nothing was sent to Azure. Close this page, refresh the Protection view and run Enable Replication again.')}`,
  );
}
