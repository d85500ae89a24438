/**
 * The lab in a child process, so that process.cpuUsage() in the benchmark counts the extension's
 * work only (the lab's answers, paging and JSON are the service's, not ours). The child is this
 * file run with tsx; the parent talks to it over the IPC channel: count or reset its request log,
 * start running jobs, settle every VM in initial replication, stop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { labInfo, startLab, type LabInfo, type RunningLab } from '../lab/index';
import type { Scenario } from '../lab/scenario';
import { key, type VaultState } from '../lab/state';

export type LabCommand =
  | { cmd: 'count' }
  | { cmd: 'reset' }
  /** Starts `count` jobs that run for two days. */
  | { cmd: 'jobs'; count: number }
  /** Ends initial replication of every VM now (the next request sees them protected). */
  | { cmd: 'settle' }
  | { cmd: 'stop' };

interface Reply {
  id: number;
  value?: unknown;
  error?: string;
}

/** What the parent holds: the lab's endpoint and credentials, and its commands. */
export interface LabProcess {
  info: LabInfo;
  caCertPem: string;
  /** Requests the lab answered since the last reset (the control channel is not counted). */
  count(): Promise<number>;
  reset(): Promise<void>;
  command(c: LabCommand): Promise<unknown>;
  stop(): Promise<void>;
}

function vaultOf(lab: RunningLab): VaultState {
  const vault = lab.state.vaults.get(key(lab.resourceGroup, lab.vault));
  if (!vault) throw new Error('The lab has no vault.');
  return vault;
}

function run(lab: RunningLab, c: LabCommand): unknown {
  switch (c.cmd) {
    case 'count':
      return lab.log.count();
    case 'reset':
      lab.log.reset();
      return undefined;
    case 'jobs': {
      const vault = vaultOf(lab);
      for (let i = 0; i < c.count; i++) {
        lab.engine.startJob(vault, {
          scenarioName: 'TestFailover',
          friendlyName: 'Test failover',
          targetObjectId: `bench-item-${i}`,
          targetObjectName: `bench-vm-${i}`,
          targetInstanceType: 'ProtectionEntity',
          tasks: [['Running', 'Running', 48 * 3600]],
        });
      }
      return vault.jobs.size;
    }
    case 'settle': {
      let settled = 0;
      for (const fabric of vaultOf(lab).fabrics.values()) {
        for (const item of fabric.container.protectedItems.values()) {
          if (item.phase !== 'InitialReplication') continue;
          item.initialReplicationStart = lab.clock.now() - item.initialReplicationDurationMs;
          settled++;
        }
      }
      lab.engine.advance();
      return settled;
    }
    case 'stop':
      return undefined;
  }
}

/** The child: starts the lab, says where it is, answers commands until told to stop. */
async function serveLab(scenario: Scenario, faults: string): Promise<void> {
  const lab = await startLab({ scenario, faults });
  const send = (m: unknown): void => void process.send?.(m);
  send({ info: labInfo(lab), caCertPem: lab.caCertPem });
  process.on('message', (m: { id: number; command: LabCommand }) => {
    try {
      send({ id: m.id, value: run(lab, m.command) } satisfies Reply);
    } catch (e) {
      send({ id: m.id, error: (e as Error).message } satisfies Reply);
    }
    if (m.command.cmd === 'stop') void lab.stop().then(() => process.exit(0));
  });
}

/** Starts the lab with this scenario and faults in a child process. */
export async function startLabProcess(scenario: Scenario, faults: string): Promise<LabProcess> {
  const child: ChildProcess = fork(__filename, ['--serve-lab'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.send({ scenario, faults });
  const ready = await new Promise<{ info: LabInfo; caCertPem: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { info: LabInfo; caCertPem: string }));
    child.once('exit', (code) => reject(new Error(`The lab process ended (${String(code)}) before it was ready.`)));
  });
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.value);
  });
  const command = (c: LabCommand): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      child.send({ id, command: c });
    });
  return {
    ...ready,
    count: async () => Number(await command({ cmd: 'count' })),
    reset: async () => void (await command({ cmd: 'reset' })),
    command,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await command({ cmd: 'stop' });
      await exited;
    },
  };
}

if (process.argv.includes('--serve-lab')) {
  process.once('message', (m: { scenario: Scenario; faults: string }) => {
    serveLab(m.scenario, m.faults).catch((e: unknown) => {
      process.stderr.write(`lab process: ${(e as Error).message}\n`);
      process.exit(1);
    });
  });
}
