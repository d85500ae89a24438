import assert from 'node:assert/strict';
import {
  ControllerType,
  VMReplicationHealthState,
  VMReplicationState,
  VMState,
  VhdFormat,
  VhdType,
  asArray,
  findEnvelopeLine,
  findTruncation,
  parseEnvelope,
  readEnumName,
} from '../../../src/services/hyperv/envelope';
import { HyperVError } from '../../../src/services/hyperv/errors';

const ctx = { script: 'Get-VmInventory', host: 'RAM-H1-2' };

function protocolError(fn: () => unknown, pattern?: RegExp): HyperVError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof HyperVError, `expected HyperVError, got ${String(e)}`);
    assert.equal(e.code, 'ProtocolError');
    assert.equal(e.host, 'RAM-H1-2');
    if (pattern) {
      assert.match(e.message, pattern);
    }
    return e;
  }
  assert.fail('expected a ProtocolError');
}

describe('services/hyperv/envelope', () => {
  describe('parseEnvelope', () => {
    it('reads an ok envelope and an error envelope', () => {
      assert.deepEqual(parseEnvelope('ASR-ENVELOPE:{"ok":true,"data":{"vms":[]}}', ctx), { ok: true, data: { vms: [] } });
      assert.deepEqual(parseEnvelope('ASR-ENVELOPE:{"ok":false,"error":{"code":"AccessDenied","message":"Access is denied."}}', ctx), {
        ok: false,
        error: { code: 'AccessDenied', message: 'Access is denied.' },
      });
    });

    it('ignores stray output before and after the envelope, with CRLF line endings', () => {
      const out = 'WARNING: something\r\nVERBOSE: x\r\nASR-ENVELOPE:{"ok":true,"data":42}\r\n\r\nPS C:\\> \r\n';
      assert.deepEqual(parseEnvelope(out, ctx), { ok: true, data: 42 });
    });

    it('takes the last envelope line, tolerating a BOM or indentation before it', () => {
      const out = 'ASR-ENVELOPE:{"ok":true,"data":1}\n\uFEFF  ASR-ENVELOPE:{"ok":true,"data":2}\n';
      assert.deepEqual(parseEnvelope(out, ctx), { ok: true, data: 2 });
      assert.equal(findEnvelopeLine('x\rASR-ENVELOPE:{"ok":true}\r'), '{"ok":true}');
    });

    it('keeps non-ASCII data written as \\u escapes (5.1) or raw UTF-8 (7)', () => {
      const out51 = 'ASR-ENVELOPE:{"ok":true,"data":{"name":"\\u003cvm\\u003e \\u0027\\u00e9\\ud83d\\ude80"}}';
      const out7 = 'ASR-ENVELOPE:{"ok":true,"data":{"name":"<vm> \'é🚀"}}';
      assert.deepEqual(parseEnvelope(out51, ctx), parseEnvelope(out7, ctx));
    });

    it('without an envelope: ProtocolError naming the script and host, with at most 200 chars of the other output', () => {
      const noise = `Get-VM : The term 'Get-VM' is not recognized ${'x'.repeat(500)}`;
      const e = protocolError(() => parseEnvelope(`${noise}\r\n`, ctx), /^Get-VmInventory on RAM-H1-2 produced no result\./);
      const quoted = /"(.*)"$/.exec(e.message)?.[1] ?? '';
      assert.ok(quoted.length <= 201, `excerpt too long: ${quoted.length}`);
      assert.ok(quoted.startsWith("Get-VM : The term 'Get-VM'"));
    });

    it('for empty output says only that there was no result', () => {
      protocolError(() => parseEnvelope('', ctx), /^Get-VmInventory on RAM-H1-2 produced no result\.$/);
      protocolError(() => parseEnvelope('\r\n  \r\n', ctx), /produced no result\.$/);
    });

    it('never repeats an encoded input or a secret that leaked into the output', () => {
      const b64 = Buffer.from(JSON.stringify({ password: 'Pa$$w0rd!', computerName: 'RAM-H1-2' })).toString('base64');
      const e = protocolError(() => parseEnvelope(`At line:1 char:1 + & '${b64}' Pa$$w0rd!`, { ...ctx, secrets: ['Pa$$w0rd!'] }));
      assert.ok(!e.message.includes(b64));
      assert.ok(!e.message.includes('Pa$$w0rd!'));
    });

    it('rejects bad JSON and wrong shapes as ProtocolError', () => {
      protocolError(() => parseEnvelope('ASR-ENVELOPE:{"ok":true,"data":', ctx), /not valid JSON/);
      protocolError(() => parseEnvelope('ASR-ENVELOPE:', ctx), /not valid JSON/);
      protocolError(() => parseEnvelope('ASR-ENVELOPE:[1,2]', ctx), /no "ok"/);
      protocolError(() => parseEnvelope('ASR-ENVELOPE:{"ok":"true","data":1}', ctx), /no "ok"/);
      protocolError(() => parseEnvelope('ASR-ENVELOPE:{"ok":true}', ctx), /no "data"/);
      protocolError(() => parseEnvelope('ASR-ENVELOPE:{"ok":false,"error":{"message":"x"}}', ctx), /no "code"/);
      protocolError(() => parseEnvelope('ASR-ENVELOPE:{"ok":false}', ctx), /no "code"/);
    });

    it('accepts ok:true with data null (an empty result) and an error without a message', () => {
      assert.deepEqual(parseEnvelope('ASR-ENVELOPE:{"ok":true,"data":null}', ctx), { ok: true, data: null });
      assert.deepEqual(parseEnvelope('ASR-ENVELOPE:{"ok":false,"error":{"code":"ScriptFailed","message":null}}', ctx), {
        ok: false,
        error: { code: 'ScriptFailed', message: '' },
      });
    });

    it('reports 5.1 depth truncation ("System.Collections.Hashtable", "System.Object[]") with its path', () => {
      protocolError(() => parseEnvelope('ASR-ENVELOPE:{"ok":true,"data":{"vms":[{"name":"a","disks":"System.Object[]"}]}}', ctx), /depth limit at data\.vms\[0\]\.disks/);
      protocolError(() => parseEnvelope('ASR-ENVELOPE:{"ok":true,"data":{"vms":[{"name":"a","disks":["System.Collections.Hashtable"]}]}}', ctx), /data\.vms\[0\]\.disks\[0\]/);
      protocolError(() => parseEnvelope('ASR-ENVELOPE:{"ok":true,"data":"System.Collections.Hashtable"}', ctx), /at data:/);
    });

    it('does not mistake ordinary strings for truncation', () => {
      const data = { names: ['System', 'System.Backup', 'System.Collections', 'Hashtable', 'Object[]', 'my System.Object[] vm'] };
      assert.equal(findTruncation(data), undefined);
      assert.equal(findTruncation({ a: [{ b: 'System.String[]' }] }), 'data.a[0].b');
      assert.equal(findTruncation({ a: 'System.Collections.Generic.List`1[System.Object]' }), 'data.a');
    });
  });

  describe('asArray', () => {
    it('turns a collapsed one-element array, null and undefined into arrays', () => {
      const one = { name: 'vm1' };
      assert.deepEqual(asArray(one), [one]);
      assert.deepEqual(asArray<number>(null), []);
      assert.deepEqual(asArray<number>(undefined), []);
      assert.deepEqual(asArray('x'), ['x']);
      assert.deepEqual(asArray(0), [0]);
      const arr = [1, 2];
      const copy = asArray(arr);
      assert.deepEqual(copy, [1, 2]);
      assert.notEqual(copy, arr);
    });
  });

  describe('enum readers', () => {
    it('reads VMState numbers (5.1) and names (7) to the same name', () => {
      const cases: [number, string][] = [
        [1, 'Other'],
        [2, 'Running'],
        [3, 'Off'],
        [4, 'Stopping'],
        [6, 'Saved'],
        [9, 'Paused'],
        [10, 'Starting'],
        [11, 'Reset'],
        [32773, 'Saving'],
        [32776, 'Pausing'],
        [32777, 'Resuming'],
        [32779, 'FastSaved'],
        [32780, 'FastSaving'],
        [32785, 'RunningCritical'],
        [32786, 'OffCritical'],
        [32791, 'ResetCritical'],
        [32796, 'FastSavingCritical'],
      ];
      for (const [n, name] of cases) {
        assert.equal(readEnumName(VMState, n), name, `VMState ${n}`);
        assert.equal(readEnumName(VMState, String(n)), name, `VMState "${n}"`);
        assert.equal(readEnumName(VMState, name.toLowerCase()), name);
      }
    });

    it('reads every VMReplicationState 0..21 and VMReplicationHealthState 0..3', () => {
      const names = [
        'Disabled',
        'ReadyForInitialReplication',
        'InitialReplicationInProgress',
        'WaitingForInitialReplication',
        'Replicating',
        'PreparedForFailover',
        'FailedOverWaitingCompletion',
        'FailedOver',
        'Suspended',
        'Error',
        'WaitingForStartResynchronize',
        'Resynchronizing',
        'ResynchronizeSuspended',
        'RecoveryInProgress',
        'FailbackInProgress',
        'FailbackComplete',
        'WaitingForUpdateCompletion',
        'UpdateError',
        'WaitingForRepurposeCompletion',
        'PreparedForSyncReplication',
        'PreparedForGroupReverseReplication',
        'FiredrillInProgress',
      ];
      names.forEach((name, i) => assert.equal(readEnumName(VMReplicationState, i), name));
      assert.deepEqual(
        [0, 1, 2, 3].map((n) => readEnumName(VMReplicationHealthState, n)),
        ['NotApplicable', 'Normal', 'Warning', 'Critical'],
      );
    });

    it('reads ControllerType, VhdFormat and VhdType numbers', () => {
      assert.deepEqual(
        [0, 1, 2].map((n) => readEnumName(ControllerType, n)),
        ['IDE', 'SCSI', 'PMEM'],
      );
      assert.deepEqual(
        [0, 2, 3, 4].map((n) => readEnumName(VhdFormat, n)),
        ['Unknown', 'VHD', 'VHDX', 'VHDSet'],
      );
      assert.deepEqual(
        [0, 2, 3, 4].map((n) => readEnumName(VhdType, n)),
        ['Unknown', 'Fixed', 'Dynamic', 'Differencing'],
      );
      assert.equal(readEnumName(VhdFormat, 'vhdx'), 'VHDX');
      assert.equal(readEnumName(ControllerType, 'scsi'), 'SCSI');
    });

    it('keeps unknown numbers as Unknown(<n>) and unknown names as given; rejects other types', () => {
      assert.equal(readEnumName(ControllerType, 7), 'Unknown(7)');
      assert.equal(readEnumName(VMState, 99999), 'Unknown(99999)');
      assert.equal(readEnumName(VMState, 'Hibernating'), 'Hibernating');
      assert.equal(readEnumName(VMState, true), undefined);
      assert.equal(readEnumName(VMState, { value: 2 }), undefined);
      assert.equal(readEnumName(VMState, null), undefined);
      assert.equal(readEnumName(VMState, ''), undefined);
      assert.equal(readEnumName(VMState, 2.5), undefined);
    });
  });
});
