// The job tracker's one list across every connected vault (issue 16 §3): one filtered list request
// per vault per poll, sent together, merged. Each job's ARM id names its vault: the list remembers,
// by job name, which vault each job came from, so Cancel, Restart and Resume (and the Jobs view's
// tasks) act on the job's own vault.

import type { Job } from '@azure/arm-recoveryservices-siterecovery';
import type { VaultContext } from '../services/azure/clients';
import { vaultKeyOfRef } from '../connection/vaultChange';
import { vaultKeyOfResourceId } from '../connection/vaultSet';

export type ListJobs = (vctx: VaultContext, filter: { startTime: Date }) => Promise<Job[]>;

export class VaultJobs {
  /** Job name (lowercased) → the key of the vault that listed it, as of the last poll. */
  private vaultOf = new Map<string, string>();

  constructor(
    private readonly vaults: () => Promise<readonly VaultContext[]>,
    private readonly list: ListJobs,
  ) {}

  /**
   * The tracker's listJobs over the vaults connected at each poll: every vault's list at once
   * (Promise.all), merged. A vault that cannot be read fails the poll (the tracker keeps what it
   * showed and says so), as with one vault.
   */
  readonly listJobs = async (filter: { startTime: Date }): Promise<Job[]> => {
    const listed = new Map<string, string>();
    const lists = await Promise.all(
      (await this.vaults()).map(async (vctx) => {
        const jobs = await this.list(vctx, filter);
        const listedIn = vaultKeyOfRef(vctx.vault);
        for (const job of jobs) if (job.name) listed.set(job.name.toLowerCase(), vaultKeyOfResourceId(job.id) ?? listedIn);
        return jobs;
      }),
    );
    this.vaultOf = listed;
    return lists.flat();
  };

  /** The key of the vault a listed job belongs to; undefined for a job not listed yet. */
  vaultKeyOf(jobName: string): string | undefined {
    return this.vaultOf.get(jobName.toLowerCase());
  }
}
