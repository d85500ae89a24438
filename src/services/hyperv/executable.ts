// Which PowerShell runs the scripts: the azureSiteRecovery.hyperV.powershellPath setting, or by
// default Windows PowerShell 5.1 on Windows (always present there) and pwsh elsewhere.

export function resolvePowerShellExecutable(setting: string | undefined, platform: NodeJS.Platform = process.platform): string {
  const value = (setting ?? '').trim();
  if (value !== '') return value;
  return platform === 'win32' ? 'powershell' : 'pwsh';
}

/** A proxy setting such as "http://proxy.contoso.local:8080" as DRConfigurator's options want it. */
export function parseProviderProxy(setting: string | undefined): { address: string; port: number } | undefined {
  const value = (setting ?? '').trim();
  if (value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    throw new Error(`"${value}" is not a proxy address: use the form http://proxy.contoso.local:8080.`);
  }
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { address: `${url.protocol}//${url.hostname}`, port };
}
