# asr-script: Get-HostInfo 1
# What a Hyper-V host is: name, FQDN, OS, cluster, Hyper-V module, Site Recovery provider.
# Input (base64 JSON): { "computerName": string|null, "userName": string|null, "password": string|null }
# Output: one line "ASR-ENVELOPE:" + JSON { ok, data } or { ok: false, error: { code, message } }.
param([string]$InputBase64)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
# Windows PowerShell 5.1 writes stdout in the console code page: send UTF-8 so VM names survive.
[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
function Write-Envelope($Envelope) {
  [Console]::Out.WriteLine('ASR-ENVELOPE:' + (ConvertTo-Json -InputObject $Envelope -Depth 8 -Compress))
}
try {
  $in = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($InputBase64)) | ConvertFrom-Json
  $probe = {
    $os = Get-CimInstance -ClassName Win32_OperatingSystem
    $cs = Get-CimInstance -ClassName Win32_ComputerSystem
    $hasHyperV = [bool](Get-Module -ListAvailable -Name Hyper-V)
    $cluster = $null
    try { $cluster = (Get-CimInstance -Namespace root/MSCluster -ClassName MSCluster_Cluster -ErrorAction Stop).Name } catch { $cluster = $null }
    $providerKey = 'HKLM:\SOFTWARE\Microsoft\Azure Site Recovery\Registration'
    $setupKey = 'HKLM:\SOFTWARE\Microsoft\Azure Site Recovery\Setup'
    $provider = @{ installed = $false; version = $null; registered = $false; vaultName = $null; siteName = $null }
    if (Test-Path $setupKey) {
      $setup = Get-ItemProperty -Path $setupKey
      $provider.installed = $true
      $provider.version = [string]$setup.Version
    }
    if (Test-Path $providerKey) {
      $reg = Get-ItemProperty -Path $providerKey
      $provider.registered = $true
      $provider.vaultName = [string]$reg.VaultName
      $provider.siteName = [string]$reg.SiteName
    }
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
    }
  }
  if ([string]::IsNullOrEmpty($in.computerName)) {
    $data = & $probe
  } else {
    $params = @{ ComputerName = [string]$in.computerName; ScriptBlock = $probe; ErrorAction = 'Stop' }
    if (-not [string]::IsNullOrEmpty($in.userName)) {
      $secure = ConvertTo-SecureString -String ([string]$in.password) -AsPlainText -Force
      $params.Credential = New-Object System.Management.Automation.PSCredential ([string]$in.userName, $secure)
    }
    $data = Invoke-Command @params
  }
  Write-Envelope @{ ok = $true; data = $data }
} catch {
  $e = $_.Exception
  $code = 'ScriptFailed'
  if ($e -is [System.Management.Automation.Remoting.PSRemotingTransportException]) {
    if ($e.Message -match 'Access is denied') { $code = 'AccessDenied' }
    elseif ($e.Message -match 'WinRM') { $code = 'WinRMNotEnabled' }
    else { $code = 'HostUnreachable' }
  } elseif ($e -is [System.UnauthorizedAccessException]) { $code = 'AccessDenied' }
  Write-Envelope @{ ok = $false; error = @{ code = $code; message = [string]$e.Message } }
}
