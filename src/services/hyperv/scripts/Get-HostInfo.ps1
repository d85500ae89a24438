# asr-script: Get-HostInfo 3
# What a Hyper-V host is: name, FQDN, OS, cluster, Hyper-V module, Site Recovery provider, and the
# facts the provider's preflight judges (domain role, .NET Framework release).
# Runs on Windows PowerShell 4.0 (Windows Server 2012 R2) and later.
# Runs after prelude.ps1 (the runner sends the two as one script block): the prelude declares
# param([string]$InputBase64, [string]$SecretsFileBase64), stops on errors, sends UTF-8, and
# defines the Read-ScriptInput, Invoke-OnHost, Get-HostErrorCode, Write-Envelope and
# Write-ErrorEnvelope used here.
# Input (base64 JSON): { "computerName": string|null, "userName": string|null, "password": string|null }
#   "password" comes from the secrets file (null in the command line), like every secret field.
# Output: one line "ASR-ENVELOPE:" + JSON { ok, data } or { ok: false, error: { code, message } }.
try {
  $in = Read-ScriptInput
  $probe = {
    $os = Get-CimInstance -ClassName Win32_OperatingSystem
    $cs = Get-CimInstance -ClassName Win32_ComputerSystem
    $hasHyperV = [bool](Get-Module -ListAvailable -Name Hyper-V)
    $cluster = $null
    try { $cluster = (Get-CimInstance -Namespace root/MSCluster -ClassName MSCluster_Cluster -ErrorAction Stop).Name } catch { $cluster = $null }
    # The provider, from its documented signs only (not from registry keys nobody documents):
    # hyper-v-azure-tutorial.md names "C:\Program Files\Microsoft Azure Site Recovery Provider\DRConfigurator.exe";
    # hyper-v-azure-troubleshoot.md names the host services "Microsoft Azure Site Recovery service"
    # and "Microsoft Azure Recovery Services Agent service". Whether the host is registered is the
    # vault's to say (its list of registered servers), not the host's.
    $configurator = Join-Path $env:ProgramFiles 'Microsoft Azure Site Recovery Provider\DRConfigurator.exe'
    $service = $null
    try { $service = Get-Service -DisplayName 'Microsoft Azure Site Recovery Service' -ErrorAction SilentlyContinue | Select-Object -First 1 } catch { $service = $null }
    $hasConfigurator = Test-Path -LiteralPath $configurator
    $provider = @{ installed = [bool]($hasConfigurator -or $service); version = $null; serviceStatus = $null }
    if ($service) { $provider.serviceStatus = [string]$service.Status }
    if ($hasConfigurator) {
      try { $provider.version = [string](Get-Item -LiteralPath $configurator).VersionInfo.FileVersion } catch { $provider.version = $null }
    }
    # .NET Framework 4.5 and later: the Release DWORD of HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full
    # (learn.microsoft.com/dotnet/framework/migration-guide/how-to-determine-which-versions-are-installed);
    # 0 when the key or value is missing (no 4.5 or later).
    $dotNetRelease = 0
    try {
      $ndp = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -ErrorAction Stop
      if ($ndp.Release) { $dotNetRelease = [int]$ndp.Release }
    } catch { $dotNetRelease = 0 }
    $serverCore = -not (Test-Path "$env:windir\explorer.exe")
    @{
      name = [string]$cs.Name
      fqdn = [string]([System.Net.Dns]::GetHostEntry([string]$cs.Name).HostName)
      osCaption = [string]$os.Caption
      osBuild = [int]$os.BuildNumber
      isServerCore = [bool]$serverCore
      cluster = $cluster
      hyperVModule = $hasHyperV
      provider = $provider
      # Win32_ComputerSystem.DomainRole: 4 backup and 5 primary domain controller.
      domainRole = [int]$cs.DomainRole
      dotNetRelease = $dotNetRelease
    }
  }
  $data = Invoke-OnHost $in $probe
  Write-Envelope @{ ok = $true; data = $data }
} catch {
  $e = $_.Exception
  Write-ErrorEnvelope (Get-HostErrorCode $e 'ScriptFailed') $e.Message
}
