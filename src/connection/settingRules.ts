// Every setting's rule (its type, default and limits) and the small validators that apply them:
// a value of the wrong type, out of range or unusable becomes a valid value (the default, or the
// nearest limit) plus a warning naming the setting. Pure: no vscode; settings.ts reads VS Code's
// configuration through these rules and shows the warnings. The rules agree with package.json's
// contributes.configuration (a unit test compares them).

import * as l10n from '@vscode/l10n';
import { cloudNames, type CloudName } from '../services/azure/cloud';
import { parseProviderProxy, resolvePowerShellExecutable } from '../services/hyperv/executable';

export const SECTION = 'azureSiteRecovery';

/** A value read, and what was wrong with the raw value when it had to be replaced. */
interface Checked<T> {
  value: T;
  /** What the setting takes, e.g. "a number from 5 to 3600"; absent when the raw value was valid. */
  expected?: string;
}

/** How one setting is declared (as in package.json) and checked. */
export interface SettingRule<T> {
  readonly type: 'number' | 'string' | 'boolean' | 'array';
  readonly default: T;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
  check(raw: unknown): Checked<T>;
}

/** A setting whose value was replaced, with the message an administrator reads. */
export interface SettingWarning {
  /** The full setting id, e.g. azureSiteRecovery.hyperV.scriptTimeoutSeconds. */
  readonly setting: string;
  readonly message: string;
}

/** Reads one setting's raw value by its key under the section (undefined: not set anywhere). */
export type SettingSource = (key: string) => unknown;

/** A number, clamped to [minimum, maximum]; anything that is not a finite number gets the default. */
export function numberSetting(rule: { default: number; minimum: number; maximum: number }): SettingRule<number> {
  // Said when a value is replaced (not when the rule is made at load, before the bundle is given).
  const expected = (): string => l10n.t('a number from {0} to {1}', rule.minimum, rule.maximum);
  return {
    type: 'number',
    ...rule,
    check(raw) {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return { value: rule.default, expected: expected() };
      const value = Math.min(rule.maximum, Math.max(rule.minimum, raw));
      return value === raw ? { value } : { value, expected: expected() };
    },
  };
}

/** One of a fixed list of strings. */
export function enumSetting<T extends string>(values: readonly T[], defaultValue: T): SettingRule<T> {
  return {
    type: 'string',
    default: defaultValue,
    enum: values,
    check(raw) {
      const found = values.find((v) => v === raw);
      return found !== undefined ? { value: found } : { value: defaultValue, expected: l10n.t('one of {0}', values.join(', ')) };
    },
  };
}

export function booleanSetting(defaultValue: boolean): SettingRule<boolean> {
  return { type: 'boolean', default: defaultValue, check: (raw) => (typeof raw === 'boolean' ? { value: raw } : { value: defaultValue, expected: l10n.t('true or false') }) };
}

/** A string, trimmed; `accepts` says whether a non-empty one is usable (empty always is: "not set"); `expected` says what is. */
export function stringSetting(defaultValue: string, expected = (): string => l10n.t('a text'), accepts: (text: string) => boolean = () => true): SettingRule<string> {
  return {
    type: 'string',
    default: defaultValue,
    check(raw) {
      if (typeof raw !== 'string') return { value: defaultValue, expected: expected() };
      const text = raw.trim();
      return text === '' || accepts(text) ? { value: text } : { value: defaultValue, expected: expected() };
    },
  };
}

/** A file or program path: one line of text without control characters. */
export function pathSetting(defaultValue: string): SettingRule<string> {
  return stringSetting(
    defaultValue,
    () => l10n.t('a file path'),
    (text) => !/[\u0000-\u001f\u007f]/.test(text),
  );
}

/** An https:// URL (its finer rules, such as no query string for a cloud endpoint, are checked where it is used). */
export function httpsUrlSetting(defaultValue: string): SettingRule<string> {
  return stringSetting(
    defaultValue,
    () => l10n.t('an https:// URL'),
    (text) => {
      try {
        return new URL(text).protocol === 'https:';
      } catch {
        return false;
      }
    },
  );
}

/** A list of non-empty strings (trimmed); other items are dropped. */
export function stringListSetting(): SettingRule<string[]> {
  const expected = (): string => l10n.t('a list of names');
  return {
    type: 'array',
    default: [],
    check(raw) {
      if (!Array.isArray(raw)) return { value: [], expected: expected() };
      const value = raw.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
      return value.length === raw.length ? { value } : { value, expected: expected() };
    },
  };
}

function isProxyAddress(text: string): boolean {
  try {
    parseProviderProxy(text);
    return true;
  } catch {
    return false;
  }
}

/** Every setting of package.json's contributes.configuration, by its key under the section. */
export const settingRules = {
  cloud: enumSetting<CloudName>(cloudNames, 'AzureCloud'),
  'customCloud.resourceManagerEndpoint': httpsUrlSetting(''),
  'customCloud.authorityHost': httpsUrlSetting(''),
  'customCloud.caCertificatePath': pathSetting(''),
  'hyperV.powershellPath': pathSetting(''),
  'hyperV.hosts': stringListSetting(),
  'hyperV.includeLocalMachine': booleanSetting(true),
  'hyperV.useActiveDirectory': booleanSetting(true),
  'hyperV.scriptTimeoutSeconds': numberSetting({ default: 60, minimum: 5, maximum: 3600 }),
  'hyperV.probeConcurrency': numberSetting({ default: 8, minimum: 1, maximum: 32 }),
  'hyperV.providerInstallerPath': pathSetting(''),
  'hyperV.providerInstallerUrl': httpsUrlSetting('https://aka.ms/downloaddra'),
  'hyperV.providerProxy': stringSetting('', () => l10n.t('a proxy address such as http://proxy.contoso.local:8080'), isProxyAddress),
  'jobs.activePollSeconds': numberSetting({ default: 10, minimum: 2, maximum: 300 }),
  'jobs.idlePollSeconds': numberSetting({ default: 120, minimum: 10, maximum: 3600 }),
  'refresh.fullIntervalMinutes': numberSetting({ default: 15, minimum: 0, maximum: 1440 }),
  'rpo.targetMinutes': numberSetting({ default: 0, minimum: 0, maximum: 1440 }),
  'drills.intervalDays': numberSetting({ default: 90, minimum: 1, maximum: 3650 }),
  'drills.concurrency': numberSetting({ default: 4, minimum: 1, maximum: 20 }),
  'drills.rtoTargetMinutes': numberSetting({ default: 120, minimum: 1, maximum: 10080 }),
  'drills.reportFolder': pathSetting(''),
  'readiness.intervalMinutes': numberSetting({ default: 30, minimum: 0, maximum: 1440 }),
} as const;

export type SettingKey = keyof typeof settingRules;
type ValueOf<K extends SettingKey> = (typeof settingRules)[K]['default'];

/** A value as the message shows it: JSON, shortened. */
function shown(value: unknown): string {
  let text: string;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The valid value of one setting; a replaced value adds a warning naming the setting. */
export function readSetting<K extends SettingKey>(source: SettingSource, key: K, warnings: SettingWarning[]): ValueOf<K> {
  const raw = source(key);
  const rule = settingRules[key] as SettingRule<ValueOf<K>>;
  if (raw === undefined) return rule.default;
  const checked = rule.check(raw);
  if (checked.expected !== undefined) {
    const setting = `${SECTION}.${key}`;
    warnings.push({ setting, message: l10n.t('Setting {0} has an invalid value {1} ({2}); using {3}.', setting, shown(raw), checked.expected, shown(checked.value)) });
  }
  return checked.value;
}

/** Values read, with the warnings about the settings that had to be replaced. */
export interface Read<T> {
  value: T;
  warnings: SettingWarning[];
}

function reading<T>(read: (get: <K extends SettingKey>(key: K) => ValueOf<K>) => T, source: SettingSource): Read<T> {
  const warnings: SettingWarning[] = [];
  const value = read((key) => readSetting(source, key, warnings));
  return { value, warnings };
}

export interface CloudSettings {
  name: CloudName;
  /** Empty when not set (the custom cloud then says it needs one). */
  resourceManagerEndpoint: string;
  authorityHost?: string;
  caCertificatePath?: string;
}

export interface HyperVSettings {
  powershellPath: string;
  hosts: string[];
  includeLocalMachine: boolean;
  useActiveDirectory: boolean;
  scriptTimeoutMs: number;
  /** Hosts probed at once, each in a PowerShell session of its own (1 to 32). */
  probeConcurrency: number;
  providerInstallerPath?: string;
  providerInstallerUrl?: string;
  providerProxy?: string;
}

export interface JobSettings {
  activePollMs: number;
  idlePollMs: number;
  /** How often every protected item is re-read while the window is focused; 0: never. */
  fullRefreshMs: number;
}

/** `{ [name]: value }` when the value is not empty, else nothing (for optional fields). */
function ifSet<N extends string>(name: N, value: string): Partial<Record<N, string>> {
  return value === '' ? {} : ({ [name]: value } as Record<N, string>);
}

export function cloudSettingsFrom(source: SettingSource): Read<CloudSettings> {
  return reading(
    (get) => ({
      name: get('cloud'),
      resourceManagerEndpoint: get('customCloud.resourceManagerEndpoint'),
      ...ifSet('authorityHost', get('customCloud.authorityHost')),
      ...ifSet('caCertificatePath', get('customCloud.caCertificatePath')),
    }),
    source,
  );
}

export function hyperVSettingsFrom(source: SettingSource): Read<HyperVSettings> {
  return reading(
    (get) => ({
      powershellPath: resolvePowerShellExecutable(get('hyperV.powershellPath')),
      hosts: get('hyperV.hosts'),
      includeLocalMachine: get('hyperV.includeLocalMachine'),
      useActiveDirectory: get('hyperV.useActiveDirectory'),
      scriptTimeoutMs: get('hyperV.scriptTimeoutSeconds') * 1000,
      probeConcurrency: get('hyperV.probeConcurrency'),
      ...ifSet('providerInstallerPath', get('hyperV.providerInstallerPath')),
      ...ifSet('providerInstallerUrl', get('hyperV.providerInstallerUrl')),
      ...ifSet('providerProxy', get('hyperV.providerProxy')),
    }),
    source,
  );
}

export function jobSettingsFrom(source: SettingSource): Read<JobSettings> {
  return reading(
    (get) => ({
      activePollMs: get('jobs.activePollSeconds') * 1000,
      idlePollMs: get('jobs.idlePollSeconds') * 1000,
      fullRefreshMs: get('refresh.fullIntervalMinutes') * 60_000,
    }),
    source,
  );
}

/** The RPO target and the drill interval (model/recoveryFacts.ts says what they mean). */
export interface RecoverySettings {
  /** 0: automatic (three copy intervals, at least 15 minutes). */
  rpoTargetMinutes: number;
  drillIntervalDays: number;
}

export function recoverySettingsFrom(source: SettingSource): Read<RecoverySettings> {
  return reading((get) => ({ rpoTargetMinutes: get('rpo.targetMinutes'), drillIntervalDays: get('drills.intervalDays') }), source);
}

/** Run DR Drill's settings (src/drills/drillRunner.ts says why the defaults). */
export interface DrillSettings {
  /** How many test failovers run at once. */
  concurrency: number;
  rtoTargetMinutes: number;
}

export function drillSettingsFrom(source: SettingSource): Read<DrillSettings> {
  return reading((get) => ({ concurrency: get('drills.concurrency'), rtoTargetMinutes: get('drills.rtoTargetMinutes') }), source);
}

/** How often readiness is checked (src/readiness/readinessMonitor.ts); 0: only on demand. */
export function readinessIntervalFrom(source: SettingSource): Read<number> {
  return reading((get) => get('readiness.intervalMinutes'), source);
}

/** The warnings about every setting (checked at activation and when the settings change). */
export function checkAllSettings(source: SettingSource): SettingWarning[] {
  const warnings: SettingWarning[] = [];
  for (const key of Object.keys(settingRules) as SettingKey[]) readSetting(source, key, warnings);
  return warnings;
}

/**
 * Which warnings reach the administrator: a log line when a setting's warning is new or changed,
 * a notification once per setting for the life of the gate (one activation).
 */
export class SettingWarningGate {
  private readonly logged = new Map<string, string>();
  private readonly notified = new Set<string>();

  admit(w: SettingWarning): { log: boolean; notify: boolean } {
    const log = this.logged.get(w.setting) !== w.message;
    if (log) this.logged.set(w.setting, w.message);
    const notify = !this.notified.has(w.setting);
    if (notify) this.notified.add(w.setting);
    return { log, notify };
  }
}
