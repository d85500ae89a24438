import assert from 'node:assert/strict';
import { hostNameForMessage, hostNameProblem, isHostName } from '../../../src/model/hostName';

describe('model/hostName', () => {
  const good = [
    'HV01',
    'hv01.contoso.local',
    'RAM-H1-2.contoso.local',
    'ram-h1-2.contoso.local.',
    'a',
    '1host',
    'x1.y2.z3',
    '10.0.0.5',
    'host_1',
    'HV_01.contoso.local',
    `${'a'.repeat(63)}.contoso.local`,
    [...Array<string>(4)].map(() => 'a'.repeat(62)).join('.'),
  ];
  for (const name of good) {
    it(`accepts ${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)}`, () => {
      assert.equal(hostNameProblem(name), undefined);
      assert.ok(isHostName(name));
    });
  }

  const hostile: [string, RegExp][] = [
    ['host;calc', /";"/],
    ['`$(x)', /"`"/],
    ['$(calc)', /"\$"/],
    ['a b', /a space/],
    ['host"', /'"'/],
    ["host'x", /"'"/],
    ['\\\\host', /"\\"/],
    ['host/x', /"\/"/],
    ['host|calc', /"\|"/],
    ['host&calc', /"&"/],
    ['host\ncalc', /a control character/],
    ['-x', /starts or ends with a hyphen/],
    ['x-', /starts or ends with a hyphen/],
    ['a.-b.c', /starts or ends with a hyphen/],
    [`${'a'.repeat(64)}.contoso.local`, /longer than 63/],
    ['..', /empty label/],
    ['a..b', /empty label/],
    ['.a', /empty label/],
    ['a.b..', /empty label/],
    ['', /empty/],
    ['   ', /empty/],
    ['hôte.contoso.local', /"ô"/],
    ['хост', /"х"/],
    ['fe80::1', /":"/],
    [[...Array<string>(5)].map(() => 'a'.repeat(60)).join('.'), /longer than 253/],
  ];
  for (const [name, reason] of hostile) {
    it(`refuses ${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)}`, () => {
      const problem = hostNameProblem(name);
      assert.ok(problem !== undefined, 'accepted');
      assert.match(problem, reason);
      assert.ok(!isHostName(name));
    });
  }

  it('refuses what is not a string', () => {
    assert.ok(!isHostName(undefined as unknown as string));
    assert.match(hostNameProblem(42 as unknown as string) ?? '', /not text/);
  });

  it('quotes a name for a message, without control characters, and cut short', () => {
    assert.equal(hostNameForMessage('host;calc'), '"host;calc"');
    assert.equal(hostNameForMessage('a\r\nb\u0000c'), '"a  b c"');
    const long = hostNameForMessage('x'.repeat(500));
    assert.ok(long.length <= 82 && long.endsWith('…"'));
  });
});
