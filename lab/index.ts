import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ArmRoutes } from './arm/routes';
import { AsrEngine } from './asr/engine';
import { AsrRoutes } from './asr/routes';
import { AsrWire } from './asr/wire';
import { makeSelfSignedCertificate } from './core/certificate';
import { LabClock } from './core/clock';
import { FaultInjector, parseFaultSpec } from './core/faults';
import { identityEndpoint } from './core/identity';
import { RequestLog } from './core/requestLog';
import { Router } from './core/router';
import { LabServer } from './core/server';
import { TokenIssuer } from './core/tokens';
import { controlEndpoint } from './control';
import { loadScenario, type Scenario } from './scenario';
import { seedVault, stateFromScenario } from './seed';
import { buildStandInPowerShell } from './pwsh/build';
import type { LabState } from './state';

export interface LabOptions {
  /** 0 picks a free port. */
  port?: number;
  /** `essentials`, `scale`, a scenario file path, or a scenario object. */
  scenario?: string | Scenario;
  /** Every duration the lab states is this many times shorter. */
  speed?: number;
  /** Fault spec, see core/faults.ts. */
  faults?: string;
  /** Items per page of every list (Azure pages too; small values exercise nextLink). */
  pageSize?: number;
}

export interface RunningLabExtras {
  /** The stand-in PowerShell that writes JSON as Windows PowerShell 5.1 does. */
  powershell51: string;
}

/** What `npm run lab` prints as one JSON line, and what startLab returns. */
export interface LabInfo {
  endpoint: string;
  subscriptionId: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  resourceGroup: string;
  vault: string;
  /** An access token already issued, valid for an hour, for scripts. */
  token: string;
  caCertPath: string;
  /** The stand-in PowerShell (as `pwsh`): give it to node-powershell as the executable. */
  pwsh: string;
}

export interface RunningLab extends LabInfo, RunningLabExtras {
  caCertPem: string;
  state: LabState;
  engine: AsrEngine;
  log: RequestLog;
  faults: FaultInjector;
  clock: LabClock;
  /** Issues a token as the lab's service principal (for scripts and tests). */
  issueToken(lifetimeSeconds?: number): string;
  stop(): Promise<void>;
}

export async function startLab(options: LabOptions = {}): Promise<RunningLab> {
  const scenario = typeof options.scenario === 'object' ? options.scenario : loadScenario(options.scenario ?? 'essentials');
  const clock = new LabClock(options.speed ?? 1);
  const faults = new FaultInjector(parseFaultSpec(options.faults));
  const log = new RequestLog();
  const state = stateFromScenario(scenario);
  const engine = new AsrEngine(state, clock);
  seedVault(scenario, state, engine);

  const cert = makeSelfSignedCertificate();
  const dir = mkdtempSync(path.join(tmpdir(), 'asr-lab-'));
  const caCertPath = path.join(dir, 'lab-ca.pem');
  writeFileSync(caCertPath, cert.certPem, { mode: 0o644 });

  const router = new Router();
  let baseUrl = '';
  const tokens = new TokenIssuer('https://lab.invalid', () => clock.now());
  const wire = new AsrWire(engine, state.subscriptionId);
  const pageSize = options.pageSize ?? 100;
  new ArmRoutes(state, clock, router, pageSize).register();
  new AsrRoutes(state, engine, wire, clock, router, { pageSize }).register();
  const identity = identityEndpoint(
    {
      tenantId: state.tenantId,
      clientId: state.clientId,
      clientSecret: state.clientSecret,
      tokenLifetimeSeconds: () => faults.settings.tokenLifetimeSeconds,
      otherClients: () => [...state.principals.values()].filter((p) => p.clientId !== state.clientId),
    },
    tokens,
  );
  const server = new LabServer({
    certPem: cert.certPem,
    keyPem: cert.keyPem,
    router,
    tokens,
    faults,
    clock,
    log,
    side: { identity, control: controlEndpoint(state, engine, log, faults) },
    beforeRequest: () => engine.advance(),
  });
  baseUrl = await server.listen(options.port ?? 0);
  const issueToken = (lifetimeSeconds = 3600): string => tokens.issue(state.tenantId, state.clientId, baseUrl, lifetimeSeconds).token;
  const standIn = await buildStandInPowerShell(dir, { endpoint: baseUrl, token: issueToken(7 * 24 * 3600), caCertPem: cert.certPem });

  return {
    endpoint: baseUrl,
    subscriptionId: state.subscriptionId,
    tenantId: state.tenantId,
    clientId: state.clientId,
    clientSecret: state.clientSecret,
    resourceGroup: scenario.vault?.resourceGroup ?? scenario.resourceGroups[0]?.name ?? '',
    vault: scenario.vault?.name ?? '',
    token: issueToken(3600),
    caCertPath,
    pwsh: standIn.pwsh,
    powershell51: standIn.powershell51,
    caCertPem: cert.certPem,
    state,
    engine,
    log,
    faults,
    clock,
    issueToken,
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function labInfo(lab: RunningLab): LabInfo {
  const { endpoint, subscriptionId, tenantId, clientId, clientSecret, resourceGroup, vault, token, caCertPath, pwsh } = lab;
  return { endpoint, subscriptionId, tenantId, clientId, clientSecret, resourceGroup, vault, token, caCertPath, pwsh };
}
