// Every setting of package.json read through its rule: wrong-typed, out-of-range and unusable
// values become valid, clamped values with a warning naming the setting (issue 12, finding 5:
// "abc" for the script timeout removed the timeout, a value over 2^31 ms failed every script,
// "fast" for the poll interval made the poller fire hundreds of times a second, and 4 of 12
// wrong-typed values broke activation). The rules and package.json agree.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as rules from '../../../src/connection/settingRules';
import type { SettingKey, SettingRule, SettingSource, SettingWarning } from '../../../src/connection/settingRules';

const { SECTION, SettingWarningGate, checkAllSettings, cloudSettingsFrom, hyperVSettingsFrom, jobSettingsFrom, readSetting, settingRules } = rules;

const root = join(__dirname, '..', '..', '..');

interface PropertySchema {
  type: string;
  default: unknown;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  items?: { type: string };
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, PropertySchema> } } };
const properties = manifest.contributes.configuration.properties;
const keys = Object.keys(settingRules) as SettingKey[];

/** The largest delay Node's setTimeout honours; a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a user can put in settings.json (and what a bug can pass): every JSON type, and worse. */
const wrongValues: readonly unknown[] = [
  'abc',
  'fast',
  '60',
  '',
  '   ',
  -1,
  -100_000,
  0,
  0.5,
  NaN,
  Infinity,
  -Infinity,
  2 ** 31,
  2 ** 31 + 1,
  1e12,
  Number.MAX_VALUE,
  {},
  { value: 60 },
  [],
  [1, 2],
  ['HV01', 5, null, ''],
  null,
  true,
  false,
  'http://insecure.example.com',
  'not a url',
  'line\nbreak',
  'C:\\nul\u0000.exe',
];

/** Whether a value is a valid value of the rule: its type, inside its limits, one of its enum. */
function isValid(rule: SettingRule<unknown>, value: unknown): boolean {
  switch (rule.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= (rule.minimum ?? -Infinity) && value <= (rule.maximum ?? Infinity);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '');
    case 'string':
      return typeof value === 'string' && (rule.enum === undefined || rule.enum.includes(value));
  }
}

function only(key: string, value: unknown): SettingSource {
  return (k) => (k === key ? value : undefined);
}

describe('connection/settingRules: every setting read through a typed validator', () => {
  it('has a rule for every setting in package.json, and package.json has every rule', () => {
    assert.deepEqual(Object.keys(properties).sort(), keys.map((k) => `${SECTION}.${k}`).sort());
  });

  it('the rules agree with package.json: type, default, minimum, maximum, enum', () => {
    for (const key of keys) {
      const rule = settingRules[key] as SettingRule<unknown>;
      const p = properties[`${SECTION}.${key}`];
      assert.equal(p.type, rule.type, key);
      assert.deepEqual(p.default, rule.default, key);
      assert.equal(p.minimum, rule.minimum, `${key} minimum`);
      assert.equal(p.maximum, rule.maximum, `${key} maximum`);
      assert.deepEqual(p.enum, rule.enum, `${key} enum`);
      if (rule.type === 'array') assert.equal(p.items?.type, 'string', key);
      if (rule.type === 'number') assert.ok(p.minimum !== undefined && p.maximum !== undefined, `${key}: a number has limits in package.json`);
      // The default is itself valid (no warning).
      const warnings: SettingWarning[] = [];
      assert.deepEqual(readSetting(only(key, rule.default), key, warnings), rule.default, key);
      assert.deepEqual(warnings, [], key);
    }
  });

  it('every setting fed every wrong value gives a valid value; a replaced value warns, naming the setting', () => {
    let replaced = 0;
    for (const key of keys) {
      const rule = settingRules[key] as SettingRule<unknown>;
      for (const raw of wrongValues) {
        const warnings: SettingWarning[] = [];
        const value = readSetting(only(key, raw), key, warnings);
        assert.ok(isValid(rule, value), `${key} = ${String(raw)} gave ${JSON.stringify(value)}`);
        // Kept as given (or only trimmed) exactly when there is no warning.
        const kept = JSON.stringify(value) === JSON.stringify(typeof raw === 'string' ? raw.trim() : raw);
        if (!kept || !isValid(rule, raw)) {
          assert.equal(warnings.length, 1, `${key} = ${String(raw)}: one warning`);
          assert.equal(warnings[0].setting, `${SECTION}.${key}`);
          assert.match(warnings[0].message, new RegExp(`^Setting ${SECTION}\\.${key.replace('.', '\\.')} has an invalid value .+; using .+\\.$`));
          replaced++;
        } else {
          assert.deepEqual(warnings, [], `${key} = ${String(raw)}`);
        }
      }
    }
    assert.ok(replaced > keys.length * 10, `replaced ${replaced}`);
  });

  it('the script timeout: "abc" is the default 60 s, never none; huge is clamped far below 2^31 ms; negative is the minimum', () => {
    const timeout = (raw: unknown): { ms: number; warnings: SettingWarning[] } => {
      const r = hyperVSettingsFrom(only('hyperV.scriptTimeoutSeconds', raw));
      return { ms: r.value.scriptTimeoutMs, warnings: r.warnings };
    };
    const abc = timeout('abc');
    assert.equal(abc.ms, 60_000);
    assert.deepEqual(abc.warnings, [
      {
        setting: 'azureSiteRecovery.hyperV.scriptTimeoutSeconds',
        message: 'Setting azureSiteRecovery.hyperV.scriptTimeoutSeconds has an invalid value "abc" (a number from 5 to 3600); using 60.',
      },
    ]);
    assert.equal(timeout(2 ** 31).ms, 3_600_000);
    assert.equal(timeout(-5).ms, 5_000);
    assert.equal(timeout(NaN).ms, 60_000);
    assert.match(timeout(NaN).warnings[0].message, /invalid value NaN/);
    assert.equal(timeout(null).ms, 60_000);
    assert.deepEqual(timeout(90), { ms: 90_000, warnings: [] });
  });

  it('the poll intervals: "fast" is the default, never a 0 ms timer; limits clamp', () => {
    assert.deepEqual(jobSettingsFrom(only('jobs.activePollSeconds', 'fast')).value, { activePollMs: 10_000, idlePollMs: 120_000, fullRefreshMs: 900_000 });
    assert.deepEqual(jobSettingsFrom(only('jobs.activePollSeconds', 0)).value.activePollMs, 2_000);
    assert.deepEqual(jobSettingsFrom(only('jobs.idlePollSeconds', 1e9)).value.idlePollMs, 3_600_000);
    assert.deepEqual(jobSettingsFrom(only('jobs.idlePollSeconds', { s: 5 })).value.idlePollMs, 120_000);
    assert.equal(jobSettingsFrom(only('refresh.fullIntervalMinutes', 0)).value.fullRefreshMs, 0, '0: never');
    assert.equal(jobSettingsFrom(only('refresh.fullIntervalMinutes', -3)).value.fullRefreshMs, 0);
    assert.equal(jobSettingsFrom(only('refresh.fullIntervalMinutes', 1e9)).value.fullRefreshMs, 1440 * 60_000);
  });

  it('every setting wrong at once: the readers never throw, and every duration is a timer Node honours', () => {
    for (const raw of wrongValues) {
      const all: SettingSource = () => raw;
      const hv = hyperVSettingsFrom(all).value;
      const jobs = jobSettingsFrom(all).value;
      const cloud = cloudSettingsFrom(all).value;
      for (const ms of [hv.scriptTimeoutMs, jobs.activePollMs, jobs.idlePollMs]) {
        assert.ok(Number.isFinite(ms) && ms >= 1000 && ms <= MAX_TIMER_MS, `${String(raw)}: ${ms}`);
      }
      assert.ok(jobs.fullRefreshMs === 0 || (jobs.fullRefreshMs >= 1000 && jobs.fullRefreshMs <= MAX_TIMER_MS), `${String(raw)}: ${jobs.fullRefreshMs}`);
      assert.equal(typeof hv.powershellPath, 'string');
      assert.ok(hv.powershellPath.trim() !== '');
      assert.ok(hv.hosts.every((h) => typeof h === 'string'));
      assert.ok(['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud', 'Custom'].includes(cloud.name));
      assert.equal(checkAllSettings(all).length <= keys.length, true);
    }
  });

  it('valid values pass unchanged, without warnings (the lab settings, a proxy, hosts)', () => {
    const values: Record<string, unknown> = {
      cloud: 'Custom',
      'customCloud.resourceManagerEndpoint': 'https://127.0.0.1:8443',
      'customCloud.caCertificatePath': '/tmp/lab/ca.pem',
      'hyperV.powershellPath': '/tmp/lab/pwsh',
      'hyperV.hosts': ['HV01', ' HV02.contoso.local '],
      'hyperV.includeLocalMachine': false,
      'hyperV.providerInstallerUrl': 'https://contoso.blob.core.windows.net/asr/AzureSiteRecoveryProvider.exe?sv=2024&sig=x',
      'hyperV.providerProxy': 'http://proxy.contoso.local:8080',
      'jobs.activePollSeconds': 2,
    };
    const source: SettingSource = (k) => values[k];
    assert.deepEqual(checkAllSettings(source), []);
    assert.deepEqual(cloudSettingsFrom(source).value, { name: 'Custom', resourceManagerEndpoint: 'https://127.0.0.1:8443', caCertificatePath: '/tmp/lab/ca.pem' });
    const hv = hyperVSettingsFrom(source).value;
    assert.deepEqual(hv, {
      powershellPath: '/tmp/lab/pwsh',
      hosts: ['HV01', 'HV02.contoso.local'],
      includeLocalMachine: false,
      useActiveDirectory: true,
      scriptTimeoutMs: 60_000,
      probeConcurrency: 8,
      providerInstallerUrl: 'https://contoso.blob.core.windows.net/asr/AzureSiteRecoveryProvider.exe?sv=2024&sig=x',
      providerProxy: 'http://proxy.contoso.local:8080',
    });
  });

  it('unusable strings: an unknown cloud, an http endpoint, a bad proxy, a list with non-names', () => {
    const w = (key: SettingKey, raw: unknown): { value: unknown; message: string | undefined } => {
      const warnings: SettingWarning[] = [];
      const value = readSetting(only(key, raw), key, warnings);
      return { value, message: warnings[0]?.message };
    };
    assert.deepEqual(w('cloud', 'AzureGermanCloud'), {
      value: 'AzureCloud',
      message: 'Setting azureSiteRecovery.cloud has an invalid value "AzureGermanCloud" (one of AzureCloud, AzureUSGovernment, AzureChinaCloud, Custom); using "AzureCloud".',
    });
    assert.equal(w('customCloud.resourceManagerEndpoint', 'http://evil.example.com').value, '');
    assert.equal(w('hyperV.providerInstallerUrl', 'http://download.example.com/p.exe').value, 'https://aka.ms/downloaddra');
    assert.equal(w('hyperV.providerInstallerUrl', '').value, '', 'empty: not set, the host uses its default');
    assert.equal(w('hyperV.providerProxy', 'proxy host:80').value, '');
    assert.deepEqual(w('hyperV.hosts', ['HV01', 5, null, '']), {
      value: ['HV01'],
      message: 'Setting azureSiteRecovery.hyperV.hosts has an invalid value ["HV01",5,null,""] (a list of names); using ["HV01"].',
    });
    assert.deepEqual(w('hyperV.hosts', 'HV01').value, []);
    assert.equal(w('hyperV.powershellPath', 'pwsh\n-Command evil').value, '');
  });

  it('a long value is shortened in the message', () => {
    const warnings: SettingWarning[] = [];
    readSetting(only('hyperV.powershellPath', { x: 'y'.repeat(500) }), 'hyperV.powershellPath', warnings);
    assert.ok(warnings[0].message.length < 200, warnings[0].message);
  });

  it('the warning gate: a log line when a warning is new or changed, a notification once per setting', () => {
    const gate = new SettingWarningGate();
    const a1 = { setting: 'azureSiteRecovery.a', message: 'one' };
    const a2 = { setting: 'azureSiteRecovery.a', message: 'two' };
    const b = { setting: 'azureSiteRecovery.b', message: 'one' };
    assert.deepEqual(gate.admit(a1), { log: true, notify: true });
    assert.deepEqual(gate.admit(a1), { log: false, notify: false });
    assert.deepEqual(gate.admit(a2), { log: true, notify: false });
    assert.deepEqual(gate.admit(b), { log: true, notify: true });
  });

  it('settings.ts is the only place that reads the configuration', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts') && readFileSync(path, 'utf8').includes('getConfiguration(')) files.push(relative(root, path).replaceAll('\\', '/'));
      }
    };
    walk(join(root, 'src'));
    assert.deepEqual(files, ['src/connection/settings.ts']);
  });
});
