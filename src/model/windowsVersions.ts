// Windows Server versions by build number, for host support checks and messages.

import * as l10n from '@vscode/l10n';

export const windowsServerBuilds = {
  ws2008R2: 7601,
  ws2012: 9200,
  ws2012R2: 9600,
  ws2016: 14393,
  ws2019: 17763,
  ws2022: 20348,
  ws2025: 26100,
} as const;

const namedBuilds: readonly { build: number; name: string; caption: RegExp }[] = [
  { build: windowsServerBuilds.ws2025, name: 'Windows Server 2025', caption: /\b2025\b/ },
  { build: windowsServerBuilds.ws2022, name: 'Windows Server 2022', caption: /\b2022\b/ },
  { build: windowsServerBuilds.ws2019, name: 'Windows Server 2019', caption: /\b2019\b/ },
  { build: windowsServerBuilds.ws2016, name: 'Windows Server 2016', caption: /\b2016\b/ },
  { build: windowsServerBuilds.ws2012R2, name: 'Windows Server 2012 R2', caption: /\b2012\s+R2\b/i },
  { build: windowsServerBuilds.ws2012, name: 'Windows Server 2012', caption: /\b2012\b/ },
  { build: windowsServerBuilds.ws2008R2, name: 'Windows Server 2008 R2', caption: /\b2008\s+R2\b/i },
  { build: 6001, name: 'Windows Server 2008', caption: /\b2008\b/ },
];

/** The Windows Server release a build belongs to, e.g. 14393 → "Windows Server 2016". */
export function windowsServerName(build: number): string {
  const match = namedBuilds.find((b) => build >= b.build);
  return match ? match.name : l10n.t('Windows build {0}', build);
}

/** The build number implied by a Windows Server caption ("Microsoft Windows Server 2012 R2 Datacenter" → 9600). */
export function buildFromCaption(caption: string | undefined): number | undefined {
  if (caption === undefined || !/server/i.test(caption)) {
    return undefined;
  }
  return namedBuilds.find((b) => b.caption.test(caption))?.build;
}

/** True for a Windows Server (or Hyper-V Server) caption; false for client Windows or other systems. */
export function isServerCaption(caption: string): boolean {
  return /server/i.test(caption);
}
