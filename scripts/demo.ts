/**
 * `npm run demo`: builds and packages the extension, starts the ASR lab on the essentials
 * scenario (sped up), and prints how to point VS Code at it. Ctrl+C stops the lab.
 *
 * The real-workbench demo (code-server in a browser, settings applied for you) is issue 6;
 * until then this prints the settings and the lab's service principal to use.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { labInfo, startLab } from '../lab/index';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const speed = Number(process.env.ASR_LAB_SPEED ?? '20');
  const port = Number(process.env.ASR_LAB_PORT ?? '0');
  if (!process.argv.includes('--no-package')) {
    execFileSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
  }
  const lab = await startLab({ scenario: 'essentials', speed, port });
  const info = labInfo(lab);
  const vsix = path.join(root, 'dist', 'azure-site-recovery-hyperv.vsix');
  const settings = {
    'azureSiteRecovery.cloud': 'Custom',
    'azureSiteRecovery.customCloud.resourceManagerEndpoint': info.endpoint,
    'azureSiteRecovery.customCloud.caCertificatePath': info.caCertPath,
    'azureSiteRecovery.hyperV.powershellPath': info.pwsh,
    'azureSiteRecovery.hyperV.hosts': ['RAM-H1-2'],
  };
  const lines = [
    '',
    `ASR lab running at ${info.endpoint} (essentials scenario, ${speed}x faster than Azure).`,
    '',
    existsSync(vsix) ? `Extension package: ${vsix}\n  install it with: code --install-extension ${vsix}` : 'Extension package not built (--no-package).',
    '',
    'VS Code settings (settings.json) that point the extension at the lab:',
    JSON.stringify(settings, null, 2),
    '',
    'Sign in as the lab\'s service principal:',
    `  tenant ${info.tenantId}`,
    `  client ${info.clientId}`,
    `  secret ${info.clientSecret}   (a lab-only secret; never a real credential)`,
    '',
    `Subscription ${info.subscriptionId}, vault ${info.vault} in ${info.resourceGroup}.`,
    'Press Ctrl+C to stop the lab.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (): void => {
    void lab.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`demo: ${(e as Error).message}\n`);
  process.exit(1);
});
