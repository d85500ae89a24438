import { conflict, invalidField } from '../core/armError';
import { bodyObject, objectField, oneOf, stringField, type Json } from '../core/body';
import type { LabRequest, LabResponse } from '../core/router';
import type { FabricState, ProtectedItemState, VaultState } from '../state';
import type { JobSpec } from './engine';
import type { FailoverEffectContext } from './failoverEffects';
import { AsrRouteBase } from './routeBase';

/**
 * What the families of actions on a protected item share: the check that the item's state allows
 * the action, the job that runs it, and the reading of the action's body.
 */
export abstract class ItemActionRoutes extends AsrRouteBase {
  /** What the item effects of failoverEffects.ts need. */
  protected get effects(): FailoverEffectContext {
    return { state: this.state, engine: this.engine, clock: this.clock, wire: this.wire };
  }

  /**
   * 409 unless the item's allowedOperations include one of `ops`. This is also what a second,
   * identical action meets while the first one's job runs (a client resending after a lost
   * answer): the item's allowedOperations are empty while a job runs (engine.allowedOperations).
   * Unverified: no recording, spec example or cmdlet source shows the service's answer to an action
   * while another runs on the item, nor to one its state does not allow; the 409, the code
   * OperationNotAllowed and these words are the lab's own (the extension matches them loosely:
   * src/model/lostAnswer.ts isOperationInProgressRefusal).
   */
  protected requireAllowed(item: ProtectedItemState, ops: string[]): string {
    const allowed = this.engine.allowedOperations(item);
    const hit = ops.find((o) => allowed.includes(o));
    if (hit) return hit;
    const busy = item.runningScenario ? ` An operation (${item.runningScenario}) is in progress on it.` : '';
    throw conflict(
      'OperationNotAllowed',
      `The operation '${ops[0]}' is not allowed on the replicated item '${item.vmName}' in its current state.${busy} Allowed operations: ${allowed.length > 0 ? allowed.join(', ') : 'none'}.`,
      item.runningScenario ? 'Another operation is running on the item.' : 'The replicated item is not in a state that allows this operation.',
      item.runningScenario ? 'Wait for the running job to finish, then retry.' : 'Refresh the item and run one of the operations it allows.',
    );
  }

  protected runOnItem(
    q: LabRequest,
    v: VaultState,
    f: FabricState,
    item: ProtectedItemState,
    scenarioName: string,
    friendlyName: string,
    tasks: JobSpec['tasks'],
    onSuccess: (at: number) => void,
    onAbort?: (at: number) => void,
    extra: Pick<JobSpec, 'suspendAfter'> = {},
  ): LabResponse {
    const job = this.engine.startJob(v, {
      scenarioName,
      friendlyName,
      targetObjectId: item.name,
      targetObjectName: item.vmName,
      targetInstanceType: 'ProtectionEntity',
      fabricName: f.name,
      tasks,
      resultPath: this.itemPath(v, f, item),
      onSuccess,
      onAbort,
      ...extra,
    });
    item.runningJob = job.name;
    item.runningScenario = scenarioName;
    return this.accepted(q, v, this.itemPath(v, f, item), job);
  }

  protected actionProps(q: LabRequest, required = true): Json {
    const body = q.body === undefined && !required ? {} : bodyObject(q.body);
    return objectField(body, 'properties', 'properties', required) ?? {};
  }

  protected direction(props: Json, expected: 'PrimaryToRecovery' | 'RecoveryToPrimary'): void {
    const d = oneOf(stringField(props, 'failoverDirection', 'properties.failoverDirection'), ['PrimaryToRecovery', 'RecoveryToPrimary'] as const, 'properties.failoverDirection');
    if (d !== undefined && d !== expected) {
      throw invalidField('properties.failoverDirection', `The failover direction must be ${expected} for this item in its current location.`);
    }
  }
}
