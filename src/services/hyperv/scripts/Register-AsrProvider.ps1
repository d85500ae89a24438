# asr-script: Register-AsrProvider 1
# Registers a host's Site Recovery provider with the vault: writes the vault credentials to a
# temporary file readable only by Administrators and SYSTEM, runs DRConfigurator.exe /r, and
# deletes the file whatever happens.
# Input (base64 JSON): { "computerName", "userName", "password", "friendlyName", "vaultCredentials",
#   "proxy": null | { "address", "port", "userName", "password" } }
# Output: one line "ASR-ENVELOPE:" + JSON { ok, data: { exitCode } } or { ok: false, error }.
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
  $register = {
    param($friendlyName, $vaultCredentials, $proxy)
    $configurator = 'C:\Program Files\Microsoft Azure Site Recovery Provider\DRConfigurator.exe'
    if (-not (Test-Path -LiteralPath $configurator)) { throw [System.IO.FileNotFoundException]::new('The Site Recovery provider is not installed on this host (DRConfigurator.exe not found).') }
    $file = Join-Path $env:TEMP ('asr-' + [guid]::NewGuid().ToString() + '.VaultCredentials')
    try {
      New-Item -ItemType File -Path $file -Force | Out-Null
      $acl = New-Object System.Security.AccessControl.FileSecurity
      $acl.SetAccessRuleProtection($true, $false)
      foreach ($sid in @('S-1-5-32-544', 'S-1-5-18')) {
        $who = New-Object System.Security.Principal.SecurityIdentifier $sid
        $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule ($who, 'FullControl', 'Allow')))
      }
      Set-Acl -LiteralPath $file -AclObject $acl
      [IO.File]::WriteAllText($file, [string]$vaultCredentials, (New-Object System.Text.UTF8Encoding $false))
      $arguments = @('/r', '/Friendlyname', [string]$friendlyName, '/Credentials', $file)
      if ($proxy -and $proxy.address) {
        $arguments += @('/proxyAddress', [string]$proxy.address, '/proxyport', [string]$proxy.port)
        if ($proxy.userName) { $arguments += @('/proxyUsername', [string]$proxy.userName, '/proxyPassword', [string]$proxy.password) }
      }
      & $configurator @arguments | Out-Null
      $exitCode = $LASTEXITCODE
    } finally {
      Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue
    }
    if ($exitCode -ne 0) { throw [System.InvalidOperationException]::new("DRConfigurator.exe /r failed with exit code $exitCode; see $env:ProgramData\ASRLogs.") }
    @{ exitCode = $exitCode }
  }
  if ([string]::IsNullOrEmpty($in.computerName)) {
    $data = & $register ([string]$in.friendlyName) ([string]$in.vaultCredentials) $in.proxy
  } else {
    $params = @{ ComputerName = [string]$in.computerName; ScriptBlock = $register; ArgumentList = @([string]$in.friendlyName, [string]$in.vaultCredentials, $in.proxy); ErrorAction = 'Stop' }
    if (-not [string]::IsNullOrEmpty($in.userName)) {
      $secure = ConvertTo-SecureString -String ([string]$in.password) -AsPlainText -Force
      $params.Credential = New-Object System.Management.Automation.PSCredential ([string]$in.userName, $secure)
    }
    $data = Invoke-Command @params
  }
  Write-Envelope @{ ok = $true; data = $data }
} catch {
  $e = $_.Exception
  $code = 'RegistrationFailed'
  if ($e -is [System.Management.Automation.Remoting.PSRemotingTransportException]) {
    if ($e.Message -match 'Access is denied') { $code = 'AccessDenied' }
    elseif ($e.Message -match 'WinRM') { $code = 'WinRMNotEnabled' }
    else { $code = 'HostUnreachable' }
  } elseif ($e -is [System.IO.FileNotFoundException]) { $code = 'ProviderNotInstalled' }
  elseif ($e -is [System.UnauthorizedAccessException]) { $code = 'AccessDenied' }
  Write-Envelope @{ ok = $false; error = @{ code = $code; message = [string]$e.Message } }
}
