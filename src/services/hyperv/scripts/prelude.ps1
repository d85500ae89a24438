# The prelude of every host script. The runner (src/services/hyperv/powershellRunner.ts) sends
# this file followed by the script's own text as one script block (one line, base64-encoded: see
# src/services/hyperv/command.ts), so the script runs after it, in the same scope: it gets
# $InputBase64, $SecretsFileBase64, the preferences below and these functions:
#   Read-ScriptInput: the script's input, its secret fields read from the secrets file;
#   Write-Envelope $Envelope: writes the one "ASR-ENVELOPE:" + JSON line;
#   Write-ErrorEnvelope $Code $Message: writes { ok: false, error: { code, message } } that way;
#   Invoke-OnHost $In $Block [$BlockArguments]: runs $Block here, or on the host $In.computerName
#     names through Invoke-Command (with $In.userName and $In.password when given);
#   Get-HostErrorCode $Exception $Code: the code of a remoting or access failure, else $Code.
# Only the script's local part can call them: a script block run on a remote host sees none of
# this file. The stand-in PowerShell of the lab knows each script by the SHA-256 of this prelude
# and the script together (lab/pwsh/knownScripts.ts).
# Runs on Windows PowerShell 4.0 (Windows Server 2012 R2) and later.
param([string]$InputBase64, [string]$SecretsFileBase64)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
# Windows PowerShell 5.1 writes stdout in the console code page: send UTF-8 so host and VM names survive.
[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
# The script's input: the base64 JSON of the command line, where every secret field (a password,
# the vault credentials) is null, with those fields put back from the secrets file the runner
# wrote for this call (src/services/hyperv/secretInput.ts), which is read and deleted here. The
# command line is what Script Block Logging records, so it names only that file. Each line of the
# file is "<path>=<base64 of the UTF-8 value>", the path being the field's keys joined by dots (a
# number indexes an array). Call it first, inside the script's try.
function Read-ScriptInput {
  $in = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($InputBase64)) | ConvertFrom-Json
  if ([string]::IsNullOrEmpty($SecretsFileBase64)) { return $in }
  $file = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($SecretsFileBase64))
  try { $lines = [IO.File]::ReadAllLines($file) } finally { [IO.File]::Delete($file) }
  foreach ($line in $lines) {
    if ($line.Length -eq 0) { continue }
    $at = $line.IndexOf('=')
    $keys = $line.Substring(0, $at).Split('.')
    $target = $in
    for ($i = 0; $i -lt $keys.Length - 1; $i++) {
      if ($keys[$i] -match '^[0-9]+$') { $target = @($target)[[int]$keys[$i]] } else { $target = $target.($keys[$i]) }
    }
    $target.($keys[$keys.Length - 1]) = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($line.Substring($at + 1)))
  }
  $in
}
function Write-Envelope($Envelope) {
  [Console]::Out.WriteLine('ASR-ENVELOPE:' + (ConvertTo-Json -InputObject $Envelope -Depth 8 -Compress))
}
function Write-ErrorEnvelope([string]$Code, [string]$Message) {
  Write-Envelope @{ ok = $false; error = @{ code = $Code; message = $Message } }
}
# Runs $Block with $BlockArguments on the host the input names ($In.computerName, with the
# credentials $In.userName and $In.password when a user name is given), or here when it names
# none, and returns what the block returns. A host that cannot be reached throws (ErrorAction Stop).
function Invoke-OnHost($In, [scriptblock]$Block, [object[]]$BlockArguments = @()) {
  if ([string]::IsNullOrEmpty($In.computerName)) {
    & $Block @BlockArguments
  } else {
    $params = @{ ComputerName = [string]$In.computerName; ScriptBlock = $Block; ErrorAction = 'Stop' }
    if ($BlockArguments.Count -gt 0) { $params.ArgumentList = $BlockArguments }
    if (-not [string]::IsNullOrEmpty($In.userName)) {
      $secure = ConvertTo-SecureString -String ([string]$In.password) -AsPlainText -Force
      $params.Credential = New-Object System.Management.Automation.PSCredential ([string]$In.userName, $secure)
    }
    Invoke-Command @params
  }
}
# The error code for an exception that reached a script's catch: a failed remoting connection
# (access denied, WinRM not enabled, or the host unreachable), access denied, or else $Code.
function Get-HostErrorCode($Exception, [string]$Code) {
  if ($Exception -is [System.Management.Automation.Remoting.PSRemotingTransportException]) {
    if ($Exception.Message -match 'Access is denied') { return 'AccessDenied' }
    if ($Exception.Message -match 'WinRM') { return 'WinRMNotEnabled' }
    return 'HostUnreachable'
  }
  if ($Exception -is [System.UnauthorizedAccessException]) { return 'AccessDenied' }
  $Code
}
