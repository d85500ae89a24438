# asr-script: Register-AsrProvider 3
# Registers a host's Site Recovery provider with the vault: writes the vault credentials (they
# hold a private key) to a file in a dedicated folder that only Administrators and SYSTEM can
# read, runs DRConfigurator.exe /r, and deletes the file whatever happens. A run that is killed
# cannot delete it: every run of this script and of Install-AsrProvider first deletes the files
# of that recognisable name left in that folder.
# Runs on Windows PowerShell 4.0 (Windows Server 2012 R2) and later.
# Runs after prelude.ps1 (the runner sends the two as one script block): the prelude declares
# param([string]$InputBase64, [string]$SecretsFileBase64), stops on errors, sends UTF-8, and
# defines the Read-ScriptInput, Invoke-OnHost, Get-HostErrorCode, Write-Envelope and
# Write-ErrorEnvelope used here.
# Input (base64 JSON): { "computerName", "userName", "password", "friendlyName", "vaultCredentials",
#   "proxy": null | { "address", "port", "userName", "password" } }
#   "password", "vaultCredentials" and "proxy.password" come from the secrets file (null in the
#   command line), like every secret field.
# Output: one line "ASR-ENVELOPE:" + JSON { ok, data: { exitCode } } or { ok: false, error }.
try {
  $in = Read-ScriptInput
  # Returns @{ ok; data } or @{ ok = $false; code; message } (typed exceptions do not survive Invoke-Command).
  $register = {
    param($friendlyName, $vaultCredentials, $proxy)
    $fail = { param($code, $message) @{ ok = $false; code = $code; message = $message } }
    $credentialsDir = Join-Path $env:ProgramData 'AzureSiteRecoveryHyperV\VaultCredentials'
    if (Test-Path -LiteralPath $credentialsDir) {
      Get-ChildItem -LiteralPath $credentialsDir -Filter 'asr-vscode-*.VaultCredentials' -Force -ErrorAction SilentlyContinue |
        Remove-Item -Force -ErrorAction SilentlyContinue
    }
    # Where Register-AsrProvider 1 wrote them (%TEMP%\asr-<guid>.VaultCredentials).
    Get-ChildItem -Path (Join-Path $env:TEMP 'asr-*.VaultCredentials') -Force -ErrorAction SilentlyContinue |
      Remove-Item -Force -ErrorAction SilentlyContinue
    # hyper-v-azure-tutorial.md: "C:\Program Files\Microsoft Azure Site Recovery Provider\DRConfigurator.exe" /r /Friendlyname ... /Credentials ...
    $configurator = Join-Path $env:ProgramFiles 'Microsoft Azure Site Recovery Provider\DRConfigurator.exe'
    if (-not (Test-Path -LiteralPath $configurator)) { return & $fail 'ProviderNotInstalled' 'The Site Recovery provider is not installed on this host (DRConfigurator.exe not found).' }
    # The folder: Administrators and SYSTEM only, nothing inherited from ProgramData.
    New-Item -ItemType Directory -Force -Path $credentialsDir | Out-Null
    $acl = New-Object System.Security.AccessControl.DirectorySecurity
    $acl.SetAccessRuleProtection($true, $false)
    foreach ($sid in @('S-1-5-32-544', 'S-1-5-18')) {
      $who = New-Object System.Security.Principal.SecurityIdentifier $sid
      $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule ($who, 'FullControl', 'ContainerInherit,ObjectInherit', 'None', 'Allow')))
    }
    Set-Acl -LiteralPath $credentialsDir -AclObject $acl
    $file = Join-Path $credentialsDir ('asr-vscode-' + [guid]::NewGuid().ToString() + '.VaultCredentials')
    $exitCode = $null
    try {
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
    if ($exitCode -ne 0) { return & $fail 'RegistrationFailed' "DRConfigurator.exe /r failed with exit code $exitCode; see $env:ProgramData\ASRLogs." }
    @{ ok = $true; data = @{ exitCode = $exitCode } }
  }
  $result = Invoke-OnHost $in $register @([string]$in.friendlyName, [string]$in.vaultCredentials, $in.proxy)
  if ($result.ok) { Write-Envelope @{ ok = $true; data = $result.data } }
  else { Write-ErrorEnvelope $result.code $result.message }
} catch {
  $e = $_.Exception
  Write-ErrorEnvelope (Get-HostErrorCode $e 'RegistrationFailed') $e.Message
}
