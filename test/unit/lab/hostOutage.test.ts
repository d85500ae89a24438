import assert from 'node:assert/strict';
import { AsrEngine } from '../../../lab/asr/engine';
import { AsrWire } from '../../../lab/asr/wire';
import { controlEndpoint } from '../../../lab/control';
import { LabClock } from '../../../lab/core/clock';
import { FaultInjector, parseFaultSpec } from '../../../lab/core/faults';
import { RequestLog } from '../../../lab/core/requestLog';
import type { LabRequest } from '../../../lab/core/router';
import { loadScenario } from '../../../lab/scenario';
import { seedVault, stateFromScenario } from '../../../lab/seed';

type Json = Record<string, unknown>;

/** The essentials lab on a virtual clock, its protected VM ramh157v01 (host RAM-H1-7) read as the wire gives it. */
function essentials() {
  const clock = { t: Date.parse('2026-12-05T06:00:00.250Z') };
  const labClock = new LabClock(1, () => clock.t);
  const scenario = loadScenario('essentials');
  const state = stateFromScenario(scenario);
  const engine = new AsrEngine(state, labClock);
  seedVault(scenario, state, engine);
  const wire = new AsrWire(engine, state.subscriptionId);
  const control = controlEndpoint(state, engine, new RequestLog(), new FaultInjector(parseFaultSpec('')));
  const vault = [...state.vaults.values()][0];
  const fabric = [...vault.fabrics.values()][0];
  const vm = state.hosts.flatMap((h) => h.vms).find((v) => v.name === 'ramh157v01')!;
  const item = engine.itemOfVm(fabric, vm.vmId)!;
  const read = (): { props: Json; details: Json } => {
    engine.advance();
    const props = (wire.protectedItem(vault, fabric, item) as { properties: Json }).properties;
    return { props, details: props.providerSpecificDetails as Json };
  };
  const heartbeat = (connected: boolean): void => {
    const q: LabRequest = {
      method: 'POST',
      path: '/_lab/hosts/RAM-H1-7/heartbeat',
      segments: ['_lab', 'hosts', 'RAM-H1-7', 'heartbeat'],
      query: new URLSearchParams(),
      headers: {},
      body: { connected },
      params: {},
      apiVersion: '',
      baseUrl: 'https://127.0.0.1',
    };
    assert.equal(control(q)?.status, 200);
  };
  return { clock, read, heartbeat };
}

const minute = 60_000;

describe('lab: a host disconnect on the virtual clock', () => {
  it('freezes the recovery points while the provider is away, the RPO growing at each calculation, and resumes after', () => {
    const lab = essentials();
    const before = lab.read().details;
    const lastPoint = Date.parse(before.lastRecoveryPointReceived as string);
    assert.ok(lab.clock.t - lastPoint < 5 * minute, 'points arrive every 5 minutes while connected');
    assert.match(before.lastReplicatedTime as string, /:\d\dZ$/, 'lastReplicatedTime in whole seconds');

    lab.heartbeat(false);
    lab.clock.t += 3 * 60 * minute;
    const away = lab.read().details;
    assert.equal(away.lastRecoveryPointReceived, before.lastRecoveryPointReceived);
    const calculated = Date.parse(away.lastRpoCalculatedTime as string);
    assert.ok(lab.clock.t - calculated < 12 * minute && calculated <= lab.clock.t);
    assert.equal(away.rpoInSeconds, Math.floor((calculated - lastPoint) / 1000));
    assert.ok(away.rpoInSeconds > 2.5 * 3600);

    lab.heartbeat(true);
    lab.clock.t += 10 * minute;
    const back = lab.read().details;
    assert.ok(Date.parse(back.lastRecoveryPointReceived as string) > lab.clock.t - 5 * minute, 'points again after the reconnect');
  });

  it('shows health error 161011 and no lastSuccessfulTestFailoverTime on a VM never test-failed-over', () => {
    const { props } = essentials().read();
    assert.equal('lastSuccessfulTestFailoverTime' in props, false);
    assert.deepEqual(
      (props.healthErrors as Json[]).map((e) => e.errorCode),
      ['161011'],
    );
    assert.equal(props.failoverHealth, 'Warning');
  });
});
