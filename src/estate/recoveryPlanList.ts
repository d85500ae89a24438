// The vault's recovery plans as the extension last read them (issue 16 §2): set by each full
// refresh (one list beside the other ASR lists: asrRead.ts), listed again after a plan was saved,
// deleted or acted on, or its job ended. The Protection tree's Recovery Plans row follows it.

import type { RecoveryPlanSummary } from '../model/recoveryPlan';
import type { VaultContext } from '../services/azure/clients';
import { listRecoveryPlans } from '../services/azure/recoveryPlans';

export class RecoveryPlanList {
  private current: readonly RecoveryPlanSummary[] | undefined;
  /** Raised when the vault is forgotten: a list begun before lands nowhere. */
  private generation = 0;
  private readonly listeners = new Set<() => void>();

  /** The plans as last read; undefined before the first read, or when they could not be read. */
  get plans(): readonly RecoveryPlanSummary[] | undefined {
    return this.current;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The plans a read found (undefined: they could not be read); listeners hear only of a change. */
  set(plans: readonly RecoveryPlanSummary[] | undefined): void {
    if (JSON.stringify(plans) === JSON.stringify(this.current)) return;
    this.current = plans;
    for (const l of [...this.listeners]) l();
  }

  /** The vault is forgotten (sign out, another vault): no plans until the next read. */
  clear(): void {
    this.generation++;
    this.set(undefined);
  }

  /** Lists the plans again (one request). */
  async refresh(vctx: VaultContext | undefined): Promise<void> {
    if (!vctx) return;
    const generation = this.generation;
    const plans = await listRecoveryPlans(vctx);
    if (generation === this.generation) this.set(plans);
  }
}
