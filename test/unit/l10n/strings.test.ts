// The user-facing strings go through l10n.t (@vscode/l10n in the layers without vscode,
// vscode.l10n.t in the others), so that they can be translated: a string that bypasses it fails here, as does an l10n.t call the export
// cannot extract, braces that do not match the arguments, and a bundle that is not current.
// How to wrap a string: CONTRIBUTING.md, "Translations".
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import * as l10n from '@vscode/l10n';
import { readSetting, type SettingWarning } from '../../../src/connection/settingRules';
import { messages } from '../../../src/model/messages';
import { strings } from '../../../src/tree/presentStrings';
import { scanSource, type Finding } from './l10nScan';

const ROOT = resolve(__dirname, '..', '..', '..');

/** The files whose strings are checked: these, and every file under checkedDirectories. */
const checkedFiles = [
  'src/extension.ts',
  'src/model/messages.ts',
  'src/model/preflight.ts',
  'src/model/permissions.ts',
  'src/model/failureText.ts',
  'src/model/windowsVersions.ts',
  'src/tree/presentStrings.ts',
  'src/jobs/notifications.ts',
  'src/jobs/statusBarModel.ts',
  'src/estate/refresh.ts',
  'src/connection/settingRules.ts',
  'src/services/azure/auditLines.ts',
  'src/services/azure/auditLog.ts',
  // The drill report's words and rows (its HTML layout, charts and style sheet are markup only).
  'src/drills/report/reportText.ts',
  'src/drills/report/reportRows.ts',
  'src/drills/report/reportFacts.ts',
  'src/drills/report/markdownReport.ts',
  'src/drills/report/drillPicks.ts',
  'src/drills/reportFolder.ts',
];

/** Directories whose every file is checked, so that a file added there is checked too. */
const checkedDirectories = ['src/commands', 'src/flows', 'src/webviews/connect', 'src/webviews/enableReplication', 'src/webviews/failover'];

interface Allowed {
  file: string;
  /** The literal as the scan reports it (`${…}` for a substitution). */
  text: string;
  /** Why it is not shown to a person, or why it must stay English. */
  reason: string;
}

const log = 'a line of the output log, which stays English (it is read with support and searched)';
const logOnly = 'names the failed command in the output log only (showError shows the error itself)';
const osType = 'an OsType value (the REST API\'s), shown as the operating system\'s name, which is not translated';
const roleName = 'the name of an Azure built-in role, as Azure spells it in every language';
const productName = 'a product name, not translated';

/** The texts of one file allowed for one reason. */
function allow(file: string, reason: string, ...texts: string[]): Allowed[] {
  return texts.map((text) => ({ file, text, reason }));
}

/** Literals of the checked files that look like prose but are not user-facing, or stay as they are. */
const allowList: readonly Allowed[] = [
  ...allow('src/extension.ts', 'the output channel, named after the product', 'Azure Site Recovery'),
  ...allow('src/commands/addHost.ts', logOnly, 'Add Hyper-V host'),
  ...allow('src/commands/showDrills.ts', logOnly, 'Show DR Drills'),
  ...allow('src/commands/forgetHostCredentials.ts', logOnly, 'Forget host credentials'),
  ...allow('src/commands/jobCommands.ts', logOnly, 'Cancel job', 'Restart job', 'Resume job'),
  ...allow('src/commands/connect.ts', log, 'Connected to the vault ${…} (${…}, ${…}).', 'Refreshing after Connect failed: ${…}', 'Reading the jobs after Connect failed: ${…}'),
  ...allow('src/commands/failoverWizards.ts', logOnly, 'Open in Azure Portal'),
  ...allow('src/commands/forgetHostCredentials.ts', log, 'Forgot the saved credentials of ${…}.'),
  ...allow('src/commands/openInPortal.ts', log, "Could not read the subscription's tenant for the portal link: ${…}"),
  ...allow('src/flows/vmAction.ts', log, '${…} started for ${…}: job ${…}${…}', " (Azure's answer was lost; the job was found in the vault)", 'Refreshing after ${…} of ${…} failed: ${…}'),
  ...allow(
    'src/services/azure/auditLines.ts',
    `${log}: the audit trail's lines`,
    ...['a Microsoft account', 'a service principal', 'the Azure CLI user', 'an unknown identity', 'service principal ${…}', '${…} (tenant ${…})'],
    ...['Bearer ${…}', '${…} h ${…} min', '${…} min ${…} s', '${…} s', 'job ${…}${…}', " (Azure's answer was lost; the job was found in the vault)", 'done (no job)'],
    ...['not sent: ${…}', 'cancelled before Azure answered (see the vault’s jobs for whether it started)', 'failed: ${…}: ${…}', 'no error code'],
    ...['${…} ${…} requested by ${…} on ${…} (${…}) → ${…}', '${…} ${…} of ${…}: job ${…} ${…}${…}', 'Azure Site Recovery gives no message; open the job for its failed step.'],
  ),
  ...allow(
    'src/services/azure/auditLog.ts',
    `${log}: what each write is and what it acts on, in the audit trail`,
    ...['Enable replication', 'Test failover', 'Test failover cleanup', 'Planned failover', 'Unplanned failover', 'Commit', 'Failback', 'Reverse replication'],
    ...['Disable replication', 'Cancel job', 'Restart job', 'Resume job', 'Create Hyper-V site', 'Create replication policy', 'Associate replication policy'],
    ...['Vault credentials for registering a Hyper-V host', 'site ${…}', 'policy ${…}', 'policy ${…} with site ${…} (association ${…})', 'job ${…}'],
    ...['Create resource group', 'resource group ${…}', 'Create storage account', 'storage account ${…}', 'Create Recovery Services vault', 'vault ${…}'],
    ...['Register resource provider', 'subscription ${…}, resource group ${…}', 'subscription ${…}'],
  ),
  ...allow('src/services/azure/auditLog.ts', "the code of an error that is not Azure's, read by the code", 'Error'),
  ...allow('src/flows/hostSetup.ts', "a HyperVError's code, read by the code", 'Cancelled', 'Timeout'),
  ...allow('src/webviews/enableReplication/vmSettings.ts', osType, 'Windows', 'Linux'),
  ...allow('src/webviews/enableReplication/snapshot.ts', 'the schema of a saved wizard state: an OsType value', 'Windows', 'Linux'),
  ...allow('src/model/permissions.ts', roleName, 'Site Recovery Operator', 'Site Recovery Contributor', 'Virtual Machine Contributor', 'Contributor', 'Owner'),
  ...allow('src/model/windowsVersions.ts', productName, ...['2025', '2022', '2019', '2016', '2012 R2', '2012', '2008 R2', '2008'].map((v) => `Windows Server ${v}`)),
];

function read(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}

function unwrapped(file: string, text: string, allowed: readonly Allowed[]): Finding[] {
  return scanSource(file, text).unwrapped.filter((f) => !allowed.some((a) => a.file === file && a.text === f.text));
}

function describeFindings(file: string, findings: readonly Finding[]): string {
  return findings.map((f) => `${file}:${f.line}: ${f.problem}: ${JSON.stringify(f.text)}`).join('\n');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** A path from the root, with "/". */
function rootPath(file: string): string {
  return relative(ROOT, join(ROOT, file)).split(sep).join('/');
}

/** Every checked file: checkedFiles, then the files under checkedDirectories. */
const checked = [...checkedFiles, ...checkedDirectories.flatMap((dir) => sourceFiles(dir).map(rootPath))];

describe('l10n: user-facing strings go through l10n.t', () => {
  for (const file of checked) {
    it(`${file}: no prose outside l10n.t, and every l10n.t call can be extracted`, () => {
      const text = read(file);
      const found = unwrapped(file, text, allowList);
      assert.equal(found.length, 0, `wrap these in l10n.t (or allow-list them with a reason):\n${describeFindings(file, found)}`);
      const { callProblems } = scanSource(file, text);
      assert.equal(callProblems.length, 0, describeFindings(file, callProblems));
    });
  }

  it('every allow-list entry is a literal its file still has, with a reason', () => {
    for (const entry of allowList) {
      assert.ok(checked.includes(entry.file), `${entry.file} is not a checked file`);
      assert.ok(entry.reason.trim().length > 0, `no reason for ${JSON.stringify(entry.text)}`);
      const texts = scanSource(entry.file, read(entry.file)).unwrapped.map((f) => f.text);
      assert.ok(texts.includes(entry.text), `${entry.file} no longer has ${JSON.stringify(entry.text)}: drop it from the allow-list`);
    }
  });

  it('l10n/bundle.l10n.json holds exactly the messages of src/ (else run npm run l10n:export)', () => {
    const keys = new Set(sourceFiles('src').flatMap((file) => scanSource(file, read(file)).calls.map((c) => c.key)));
    const bundle = new Set(Object.keys(JSON.parse(read(join('l10n', 'bundle.l10n.json'))) as Record<string, unknown>));
    const missing = [...keys].filter((k) => !bundle.has(k));
    const stale = [...bundle].filter((k) => !keys.has(k));
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] }, 'the bundle is not current: run npm run l10n:export');
  });

  it('the checked files exist (a moved file must be moved in checkedFiles too)', () => {
    const all = new Set(sourceFiles('src').map(rootPath));
    for (const file of checkedFiles) assert.ok(all.has(file), file);
    for (const dir of checkedDirectories) assert.ok([...all].some((f) => f.startsWith(`${dir}/`)), dir);
  });
});

describe('l10n: the scan', () => {
  const sample = [
    "import * as l10n from '@vscode/l10n';",
    "import type { Kind } from './some path';",
    "type Mode = 'read only' | 'read write';",
    "const wrapped = l10n.t('Not protected');",
    "const withArg = l10n.t('Host \"{0}\" runs {1}', host, os);",
    "const named = l10n.t('Hello {name}', { name });",
    "const commented = l10n.t({ message: 'Commit {0}', args: [vm], comment: ['the VM'] });",
    "const plain = 'Not protected';",
    'const template = `${n} min ago`;',
    "const table = { Protected: 'Protected', state: 'info' };",
    "const id = 'azureSiteRecovery.showJobs';",
    "if (state === 'Failed') {}",
    "const missingArg = l10n.t('Copy {0} to {1}', a);",
    "const unusedArg = l10n.t('Copy it', a);",
    "const literalBraces = l10n.t('Use {curly} braces {0}', a);",
    'const computed = l10n.t(text);',
    'const tagged = l10n.t`Hello ${name}`;',
    "const arg = l10n.t('Error: {0}', 'not wrapped either');",
  ].join('\n');
  const result = scanSource('sample.ts', sample);

  it('reports prose, templates and labels outside l10n.t, and nothing else', () => {
    assert.deepEqual(
      result.unwrapped.map((f) => [f.line, f.text]),
      [
        [8, 'Not protected'],
        [9, '${…} min ago'],
        [10, 'Protected'],
        [18, 'not wrapped either'],
      ],
    );
  });

  it('reports calls the export cannot read and braces that do not match the arguments', () => {
    assert.deepEqual(
      result.callProblems.map((f) => [f.line, f.problem.replace(/:.*/, '')]),
      [
        [13, '"{1}" is not one of its arguments'],
        [14, 'argument 0 is not used in the message'],
        [15, '"{curly}" is not one of its arguments'],
        [16, 'the message of l10n.t must be a string literal (or { message, comment } of literals)'],
        [17, "write l10n.t('… {0} …', value), not the tagged template form"],
      ],
    );
  });

  it('keys the calls as the bundle does: the message, then "/" and the comment', () => {
    assert.deepEqual(
      result.calls.map((c) => c.key),
      ['Not protected', 'Host "{0}" runs {1}', 'Hello {name}', 'Commit {0}/the VM', 'Copy {0} to {1}', 'Copy it', 'Use {curly} braces {0}', 'Error: {0}'],
    );
  });

  it('an allow-listed literal is not reported', () => {
    assert.deepEqual(
      unwrapped('sample.ts', sample, [{ file: 'sample.ts', text: 'Not protected', reason: 'a test' }]).map((f) => f.text),
      ['${…} min ago', 'Protected', 'not wrapped either'],
    );
  });
});

describe('l10n: what l10n.t returns', () => {
  it('without a bundle: the English text, arguments filled in once (braces in a value stay)', () => {
    assert.equal(l10n.t('VM "{0}" has {1} disks', 'web {1} 01', 3), 'VM "web {1} 01" has 3 disks');
    assert.equal(l10n.t('Not {0} here'), 'Not {0} here');
    assert.equal(messages.status.summary.Protected, 'Protected');
  });

  it('with a bundle: the tables are read when used, so a bundle given at activation applies', () => {
    try {
      l10n.config({ contents: { Protected: 'Geschützt', '{0} of {1} protected': '{0} von {1} geschützt', 'VM "{0}" has no virtual hard disks. Attach the OS disk before enabling replication.': 'VM „{0}“ hat keine Datenträger.' } });
      assert.equal(messages.status.summary.Protected, 'Geschützt');
      assert.equal(strings.host.protectedOf(2, 3), '2 von 3 geschützt');
      assert.equal(messages.preflight.noDisks('web01'), 'VM „web01“ hat keine Datenträger.');
      assert.equal(messages.status.summary.NotProtected, 'Not protected');
      // The setting rules are made at load; what a setting takes is said when a value is replaced.
      l10n.config({ contents: { 'a proxy address such as http://proxy.contoso.local:8080': 'eine Proxy-Adresse wie http://proxy.contoso.local:8080' } });
      const warnings: SettingWarning[] = [];
      readSetting(() => 'no proxy', 'hyperV.providerProxy', warnings);
      assert.match(warnings[0]?.message ?? '', /\(eine Proxy-Adresse wie http:\/\/proxy\.contoso\.local:8080\)/);
    } finally {
      l10n.config({ contents: {} });
    }
    assert.equal(messages.status.summary.Protected, 'Protected');
  });
});
