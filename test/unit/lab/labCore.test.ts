import assert from 'node:assert/strict';
import { LabClock } from '../../../lab/core/clock';
import { FaultInjector, parseFaultSpec } from '../../../lab/core/faults';
import { Router, splitPath } from '../../../lab/core/router';
import { TokenIssuer } from '../../../lab/core/tokens';
import { parseJobFilter } from '../../../lab/asr/jobFilter';
import { parseLooseArmId, stableGuid } from '../../../lab/asr/ids';
import { readinessErrors } from '../../../lab/asr/wire';
import type { VmState } from '../../../lab/state';

describe('lab clock', () => {
  it('scales every nominal duration by the speed', () => {
    const c = new LabClock(100, () => 0);
    assert.equal(c.scaledMs(30), 300);
    assert.equal(c.retryAfterSeconds(30), 0);
    assert.equal(new LabClock(1).retryAfterSeconds(30), 30);
    assert.equal(new LabClock(10).retryAfterSeconds(30), 3);
  });
  it('refuses a speed that is not positive', () => {
    assert.throws(() => new LabClock(0), /positive/);
    assert.throws(() => new LabClock(-1), /positive/);
    assert.throws(() => new LabClock(Number.NaN), /positive/);
  });
});

describe('lab fault spec', () => {
  it('parses every fault', () => {
    const f = parseFaultSpec('latency=50,throttle=0.2,error=0.05,drop=0.01,processedDrop=0.05,tokenLifetime=30,mutate=0.1,seed=7');
    assert.deepEqual(f, { latencyMs: 50, throttleRate: 0.2, errorRate: 0.05, dropRate: 0.01, processedDropRate: 0.05, tokenLifetimeSeconds: 30, mutateRate: 0.1, seed: 7 });
  });
  it('defaults to no faults', () => {
    assert.equal(parseFaultSpec(undefined).throttleRate, 0);
    assert.equal(parseFaultSpec('').tokenLifetimeSeconds, 3600);
  });
  it('names what is wrong', () => {
    assert.throws(() => parseFaultSpec('bogus=1'), /Unknown fault "bogus"/);
    assert.throws(() => parseFaultSpec('throttle=2'), /between 0 and 1/);
    assert.throws(() => parseFaultSpec('processedDrop=1.5'), /between 0 and 1/);
    assert.throws(() => parseFaultSpec('throttle'), /expected name=number/);
    assert.throws(() => parseFaultSpec('latency=-5'), /expected name=number/);
    assert.throws(() => parseFaultSpec('tokenLifetime=0'), /at least 1 second/);
    assert.throws(() => parseFaultSpec('mutate=1.5'), /between 0 and 1/);
  });
  it('injects about the share asked for, repeatably for a seed', () => {
    const run = (): string[] => {
      const f = new FaultInjector(parseFaultSpec('throttle=0.2,error=0.05,seed=3'));
      return Array.from({ length: 2000 }, () => f.decide().kind);
    };
    const a = run();
    assert.deepEqual(a, run());
    const throttled = a.filter((k) => k === 'throttle').length / a.length;
    const errors = a.filter((k) => k === 'error').length / a.length;
    assert.ok(throttled > 0.17 && throttled < 0.23, `throttle share ${throttled}`);
    assert.ok(errors > 0.03 && errors < 0.07, `error share ${errors}`);
  });
  it('drops about the share asked for after processing, on its own stream: the other faults choose as before', () => {
    const kinds = (spec: string): string[] => {
      const f = new FaultInjector(parseFaultSpec(spec));
      return Array.from({ length: 2000 }, () => f.decide().kind);
    };
    assert.deepEqual(kinds('throttle=0.2,error=0.05,seed=3,processedDrop=0.3'), kinds('throttle=0.2,error=0.05,seed=3'));
    const run = (): boolean[] => {
      const f = new FaultInjector(parseFaultSpec('processedDrop=0.05,seed=3'));
      return Array.from({ length: 4000 }, () => f.processedDrop.decide('replicationProtectedItems.get'));
    };
    const a = run();
    assert.deepEqual(a, run(), 'repeatable for a seed');
    const share = a.filter(Boolean).length / a.length;
    assert.ok(share > 0.035 && share < 0.065, `processedDrop share ${share}`);
    assert.equal(new FaultInjector(parseFaultSpec('')).processedDrop.decide('x'), false);
  });
  it('arms processedDrop for the next request of one operation only, once', () => {
    const f = new FaultInjector(parseFaultSpec(''));
    f.processedDrop.armOnce('replicationProtectedItems.testFailover');
    assert.equal(f.processedDrop.decide('replicationProtectedItems.get'), false);
    assert.equal(f.processedDrop.decide('replicationProtectedItems.testFailover'), true);
    assert.equal(f.processedDrop.decide('replicationProtectedItems.testFailover'), false);
  });
  it('alternates 503 and 500', () => {
    const f = new FaultInjector(parseFaultSpec('error=1'));
    const statuses = Array.from({ length: 4 }, () => {
      const d = f.decide();
      return d.kind === 'error' ? d.status : 0;
    });
    assert.deepEqual(statuses, [503, 500, 503, 500]);
  });
});

describe('lab tokens', () => {
  let now = 1_000_000;
  const issuer = new TokenIssuer('https://lab', () => now);
  it('accepts its own unexpired tokens', () => {
    const { token } = issuer.issue('t', 'c', 'https://aud', 60);
    const v = issuer.verify(token);
    assert.ok(v.ok);
    if (v.ok) assert.equal(v.claims.tid, 't');
  });
  it('refuses expired, forged and foreign tokens', () => {
    const { token } = issuer.issue('t', 'c', 'https://aud', 60);
    now += 61_000;
    assert.deepEqual(issuer.verify(token), { ok: false, reason: 'expired' });
    const other = new TokenIssuer('https://lab', () => now).issue('t', 'c', 'https://aud', 60).token;
    assert.deepEqual(issuer.verify(other), { ok: false, reason: 'signature' });
    assert.deepEqual(issuer.verify('a.b'), { ok: false, reason: 'malformed' });
    const parts = issuer.issue('t', 'c', 'https://aud', 60).token.split('.');
    const forged = Buffer.from(JSON.stringify({ exp: 9e12 })).toString('base64url');
    assert.deepEqual(issuer.verify(`${parts[0]}.${forged}.${parts[2]}`), { ok: false, reason: 'signature' });
  });
});

describe('lab router', () => {
  const r = new Router();
  r.add('GET', '/subscriptions/{sub}/resourceGroups/{rg}', 'rg.get', 'resources', () => ({ status: 200 }));
  it('matches literal segments case-insensitively and captures names', () => {
    const m = r.match('GET', splitPath('/Subscriptions/abc/resourcegroups/My%20RG'));
    assert.ok(typeof m === 'object', 'matched');
    assert.deepEqual(m.params, { sub: 'abc', rg: 'My RG' });
  });
  it('tells a wrong method from an unknown path', () => {
    assert.equal(r.match('DELETE', splitPath('/subscriptions/a/resourceGroups/b')), 'methodNotAllowed');
    assert.equal(r.match('GET', splitPath('/subscriptions/a')), undefined);
  });
});

describe('lab job filter', () => {
  it('parses clauses joined by and, with doubled quotes', () => {
    assert.deepEqual(parseJobFilter("startTime eq '2026-11-25T10:00:00Z' and jobStatus eq 'InProgress'"), {
      unknown: [],
      startTime: ['2026-11-25T10:00:00Z'],
      jobStatus: ['InProgress'],
    });
    assert.deepEqual(parseJobFilter("jobName eq 'it''s'"), { unknown: [], jobName: ["it's"] });
    assert.deepEqual(parseJobFilter('  '), { unknown: [] });
  });
  it("reads Az PowerShell's form: C# property names, a list as an or-group in parentheses", () => {
    // Utilities.ToQueryString: `( JobStatus eq 'a' or JobStatus eq 'b' )`, clauses joined by " and ".
    assert.deepEqual(parseJobFilter("StartTime eq '2026-11-25T10:00:00.0000000Z' and ( JobStatus eq 'Failed' or JobStatus eq 'Suspended' ) and Colour eq 'x'"), {
      unknown: ['Colour'],
      startTime: ['2026-11-25T10:00:00.0000000Z'],
      jobStatus: ['Failed', 'Suspended'],
    });
  });
  it('rejects anything else', () => {
    assert.throws(() => parseJobFilter('foo bar'), /not valid/);
    assert.throws(() => parseJobFilter("a eq 'b' or c eq 'd'"), /joined by 'and'/);
    assert.throws(() => parseJobFilter('a eq b'), /not valid/);
    assert.throws(() => parseJobFilter("( a eq 'b' and c eq 'd' )"), /joined by 'or'/);
    assert.throws(() => parseJobFilter("StartTime ge '2026-11-25'"), /not valid/);
  });
});

describe('lab ids', () => {
  it('parses ARM ids loosely', () => {
    assert.deepEqual(parseLooseArmId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa'), {
      subscriptionId: 's',
      resourceGroup: 'rg',
      pairs: [['Microsoft.Storage/storageAccounts', 'sa']],
    });
    assert.deepEqual(parseLooseArmId('/Subscriptions/s/resourcegroups/rg'), { subscriptionId: 's', resourceGroup: 'rg', pairs: [] });
    assert.equal(parseLooseArmId('/foo/bar'), undefined);
    assert.equal(parseLooseArmId('/subscriptions/s/resourceGroups/rg/providers/X/y'), undefined);
    assert.deepEqual(parseLooseArmId('/subscriptions/s/resourceGroups/rg/providers/X/y/z')?.pairs, [['X/y', 'z']]);
  });
  it('derives stable GUIDs', () => {
    assert.equal(stableGuid('a', 'b'), stableGuid('A', 'B'));
    assert.notEqual(stableGuid('a', 'b'), stableGuid('a', 'c'));
    assert.match(stableGuid('x'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-9[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('lab readiness errors (what ASR reports on a protectable item)', () => {
  const vm = (over: Partial<VmState>): VmState => ({
    name: 'vm1',
    vmId: 'id',
    generation: 1,
    osType: 'Windows',
    state: 'Running',
    disks: [{ name: 'os.vhdx', sizeGB: 100, os: true }],
    ...over,
  });
  it('has none for a supported VM', () => assert.deepEqual(readinessErrors(vm({})), []));
  it('flags Linux generation 2', () => assert.match(readinessErrors(vm({ generation: 2, osType: 'Linux' }))[0], /Generation 2 .* Linux/));
  it('flags an OS disk over the limit of its generation', () => {
    assert.equal(readinessErrors(vm({ generation: 2, disks: [{ name: 'os', sizeGB: 301, os: true }] })).length, 1);
    assert.equal(readinessErrors(vm({ generation: 1, disks: [{ name: 'os', sizeGB: 2048, os: true }] })).length, 0);
  });
  it('flags data disks over 4,095 GB, more than 16 data disks, and a bad name', () => {
    assert.equal(
      readinessErrors(
        vm({
          disks: [
            { name: 'os', sizeGB: 10, os: true },
            { name: 'd', sizeGB: 4096 },
          ],
        }),
      ).length,
      1,
    );
    const many = [{ name: 'os', sizeGB: 10, os: true }, ...Array.from({ length: 17 }, (_, i) => ({ name: `d${i}`, sizeGB: 1 }))];
    assert.match(readinessErrors(vm({ disks: many })).join(' '), /more than 16/);
    assert.match(readinessErrors(vm({ name: 'bad_name' })).join(' '), /not valid in Azure/);
    assert.match(readinessErrors(vm({ name: '-x' })).join(' '), /not valid in Azure/);
  });
});
