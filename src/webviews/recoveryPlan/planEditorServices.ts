// What the plan editor does with Azure (issue 16 §2): ASR's rules on the plan as it would be sent
// (model/recoveryPlanRules.ts, with the name rules of every ASR name and the vault's other plans),
// and Save through the plan service (services/azure/recoveryPlans.ts: create, or update an existing
// plan's groups). Pure of vscode, so the lab suite drives the editor with these real services.
import * as l10n from '@vscode/l10n';
import type { PlanGroup, RecoveryPlanSummary } from '../../model/recoveryPlan';
import { AZURE_RECOVERY_FABRIC_ID, validatePlanDraft, validatePlanGroups } from '../../model/recoveryPlanRules';
import type { AsrOperation } from '../../services/azure/asrOperation';
import type { VaultContext } from '../../services/azure/clients';
import { validateAsrName } from '../../services/azure/names';
import { createRecoveryPlan, updateRecoveryPlan } from '../../services/azure/recoveryPlans';
import { planGroupsOf, type PlanEditorState } from './planEditorModel';
import type { PlanEditorServices } from './planEditorWizard';

export interface PlanEditorDeps {
  /** The vault the editor was opened on (an error once another is connected). */
  vaultContext: () => Promise<VaultContext>;
  /** The plan edited; absent for a new plan. */
  existing?: RecoveryPlanSummary;
  /** The names of the vault's plans (a new plan takes another). */
  planNames: readonly string[];
  /** The save's job started: hand it to the tracker (the status bar follows it). */
  watchJob(jobName: string, planName: string): void;
  /** The save's operation, once started: its result is the plan read again after its job. */
  started(op: AsrOperation<RecoveryPlanSummary>): void;
}

export function azurePlanEditorServices(deps: PlanEditorDeps): PlanEditorServices {
  const { existing } = deps;
  const names = new Set(deps.planNames.map((n) => n.toLowerCase()));
  const nameProblem = (name: string): string | undefined =>
    validateAsrName(name, l10n.t('recovery plan')) ?? (names.has(name.toLowerCase()) ? l10n.t('The vault has a recovery plan named "{0}" already.', name) : undefined);
  return {
    groupsOf: (st) => planGroupsOf(st, existing?.groups),
    problems(st: PlanEditorState, groups: PlanGroup[]) {
      const found = existing
        ? validatePlanGroups(groups, { primaryFabricId: st.fabricId, requireItems: true })
        : validatePlanDraft({ name: st.name.trim(), primaryFabricId: st.fabricId, recoveryFabricId: AZURE_RECOVERY_FABRIC_ID, groups }, nameProblem);
      return found.map((p) => p.message);
    },
    async save(st, groups) {
      const vctx = await deps.vaultContext();
      const op = existing
        ? await updateRecoveryPlan(vctx, existing.name, groups, { primaryFabricId: st.fabricId })
        : await createRecoveryPlan(vctx, { name: st.name, primaryFabricId: st.fabricId, recoveryFabricId: AZURE_RECOVERY_FABRIC_ID, groups });
      if (op.jobName !== '') deps.watchJob(op.jobName, existing?.friendlyName ?? st.name);
      deps.started(op);
    },
  };
}
