import assert from 'node:assert/strict';
import { parseSmokeArgs, SmokeArgsError, SMOKE_USAGE, wantsHelp } from '../../../scripts/smokeAzureArgs';

const SUB = '1f4c2b8e-6a3d-4e5f-9b7c-0d1e2f3a4b5c';
const base = ['--subscription', SUB, '--resource-group', 'DR-RG', '--vault', 'DR-Vault'];
const fails = (argv: string[], message: RegExp, env: Record<string, string> = {}): void => {
  assert.throws(
    () => parseSmokeArgs(argv, env),
    (e: unknown) => e instanceof SmokeArgsError && message.test(e.message),
    `${argv.join(' ')} should fail with ${String(message)}`,
  );
};

describe('npm run smoke:azure: the command line', () => {
  it('is read-only unless --write is given, on public Azure, with a default report file', () => {
    assert.deepEqual(parseSmokeArgs(base), {
      subscriptionId: SUB,
      resourceGroup: 'DR-RG',
      vault: 'DR-Vault',
      cloud: 'AzureCloud',
      write: false,
      reportFile: 'smoke-azure-report.json',
    });
  });

  it('reads every option, also in --flag=value form', () => {
    const a = parseSmokeArgs(
      [
        ...base,
        '--host=hv1.contoso.local',
        '--vm',
        'web01',
        '--os-disk',
        'web01-os',
        '--log-storage',
        `/subscriptions/${SUB}/resourceGroups/DR-RG/providers/Microsoft.Storage/storageAccounts/drlogs`,
        '--target-rg',
        `/subscriptions/${SUB}/resourceGroups/Recovery-RG`,
        '--cloud',
        'AzureUSGovernment',
        '--tenant',
        'contoso.onmicrosoft.us',
        '--report',
        'out.json',
      ],
      {},
    );
    assert.equal(a.host, 'hv1.contoso.local');
    assert.equal(a.vm, 'web01');
    assert.equal(a.osDisk, 'web01-os');
    assert.equal(a.cloud, 'AzureUSGovernment');
    assert.equal(a.tenantId, 'contoso.onmicrosoft.us');
    assert.equal(a.reportFile, 'out.json');
    assert.match(a.logStorageAccountId ?? '', /storageAccounts\/drlogs$/);
    assert.match(a.targetResourceGroupId ?? '', /resourceGroups\/Recovery-RG$/);
  });

  it('--write needs --vm; --test-network goes with --write and takes a virtual network id', () => {
    fails([...base, '--write'], /--write needs --vm/);
    const vnet = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/test-vnet`;
    const w = parseSmokeArgs([...base, '--write', '--vm', 'web01', '--test-network', vnet]);
    assert.equal(w.write, true);
    assert.equal(w.testNetworkId, vnet);
    fails([...base, '--vm', 'web01', '--host', 'h', '--test-network', vnet], /--test-network goes with --write/);
    fails(
      [...base, '--write', '--vm', 'web01', '--test-network', `/subscriptions/${SUB}/resourceGroups/net`],
      /--test-network takes an Azure resource id of the form .*Microsoft\.Network\/virtualNetworks/,
    );
    fails([...base, '--write=yes', '--vm', 'web01'], /--write takes no value/);
  });

  it('refuses what cannot work, saying what to type instead', () => {
    fails([], /--subscription is required/);
    fails(['--subscription', 'my-sub', '--resource-group', 'g', '--vault', 'v'], /takes a subscription id \(a GUID\)/);
    fails(['--subscription', SUB, '--vault', 'v'], /--resource-group is required/);
    fails([...base, '--colour', 'blue'], /Unknown option "--colour"/);
    fails([...base, '--vault', 'other'], /--vault is given twice/);
    fails([...base, '--host'], /--host needs a value/);
    fails([...base, '--host', '--vm', 'x'], /--host needs a value/);
    fails([...base, '--vm', 'web01'], /--vm needs --host/);
    fails([...base, '--os-disk', 'x'], /--os-disk goes with --vm/);
    fails([...base, '--cloud', 'Mars'], /--cloud must be one of AzureCloud, AzureUSGovernment, AzureChinaCloud, Custom/);
    fails([...base, '--cloud', 'Custom'], /--cloud Custom needs --arm-endpoint/);
    fails([...base, '--cloud', 'Custom', '--arm-endpoint', 'http://127.0.0.1:1'], /must be an https:\/\/ address/);
    fails([...base, '--ca-file', 'ca.pem'], /go with --cloud Custom only/);
    fails([...base, '--log-storage', `/subscriptions/${SUB}/resourceGroups/DR-RG`], /--log-storage takes an Azure resource id of the form .*Microsoft\.Storage\/storageAccounts/);
    fails([...base, '--target-rg', 'Recovery-RG'], /--target-rg takes an Azure resource id of the form \/subscriptions\/<id>\/resourceGroups\/<group>/);
  });

  it('a service principal signs in with its secret from the environment only, never the command line', () => {
    const sp = ['--service-principal', 'contoso.onmicrosoft.com/9d3b6f0a-2c4e-4a7b-8e1f-5c6d7e8f9a0b'];
    fails([...base, ...sp], /AZURE_CLIENT_SECRET/);
    const a = parseSmokeArgs([...base, ...sp], { AZURE_CLIENT_SECRET: 's' });
    assert.deepEqual(a.servicePrincipal, { tenantId: 'contoso.onmicrosoft.com', clientId: '9d3b6f0a-2c4e-4a7b-8e1f-5c6d7e8f9a0b' });
    assert.equal(JSON.stringify(a).includes('"s"'), false, 'the secret is not kept in the arguments');
    fails([...base, '--service-principal', 'just-a-name'], /<tenantId>\/<clientId>/, { AZURE_CLIENT_SECRET: 's' });
  });

  it('--cloud Custom with an https endpoint and a CA file (for example the ASR lab)', () => {
    const a = parseSmokeArgs([...base, '--cloud', 'Custom', '--arm-endpoint', 'https://127.0.0.1:44617', '--ca-file', '/tmp/lab-ca.pem']);
    assert.equal(a.armEndpoint, 'https://127.0.0.1:44617');
    assert.equal(a.caFile, '/tmp/lab-ca.pem');
  });

  it('--help shows the usage, which says it is read-only by default', () => {
    assert.ok(wantsHelp(['--vault', 'x', '--help']));
    assert.ok(!wantsHelp(base));
    assert.match(SMOKE_USAGE, /Read-only by default/);
    for (const flag of ['--host', '--vm', '--os-disk', '--write', '--test-network', '--cloud', '--service-principal', '--report']) assert.ok(SMOKE_USAGE.includes(flag), flag);
  });
});
