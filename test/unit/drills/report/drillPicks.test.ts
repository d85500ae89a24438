import assert from 'node:assert/strict';
import { drillPick } from '../../../../src/drills/report/drillPicks';
import { formatIsoDate } from '../../../../src/drills/report/reportFacts';
import { bigDrill, drill, mixedDrill, passedVm, t0 } from './fixtures';

describe('Show DR Drills entries', () => {
  it('give the date and result, the VMs, passed and failed, and the worst RTO and RPO', () => {
    assert.deepEqual(drillPick(mixedDrill()), {
      drillId: '20261205T090000Z-mixed',
      label: `${formatIsoDate(t0)} · Failed: at least one VM could not be recovered`,
      description: '4 VMs: app01, db01, file01 and 1 more · 2 passed, 1 failed, 1 cancelled',
      detail: 'Worst RTO 41 min (above target) · worst RPO 20 min (above target)',
    });
  });

  it('say one VM, and figures within their targets plainly', () => {
    const pick = drillPick(drill('one', t0, [passedVm('web01', t0, 252, 40)]));
    assert.equal(pick.description, '1 VM: web01 · 1 passed, 0 failed, 0 cancelled');
    assert.equal(pick.detail, 'Worst RTO 4 min 12 s · worst RPO 40 s');
    assert.equal(drillPick(bigDrill()).description, '200 VMs: vm000, vm001, vm002 and 197 more · 200 passed, 0 failed, 0 cancelled');
  });
});
