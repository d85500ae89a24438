# asr-script: Find-HyperVHosts 1
# Hyper-V hosts published in Active Directory: the computers that own a "Microsoft Hyper-V"
# service connection point. Uses ADSI, so the ActiveDirectory module is not needed.
# Input (base64 JSON): {} (reserved)
# Output: one line "ASR-ENVELOPE:" + JSON { ok, data: { hosts: [ { name, fqdn } ] } } or { ok: false, error }.
param([string]$InputBase64)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
# Windows PowerShell 5.1 writes stdout in the console code page: send UTF-8 so names survive.
[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
function Write-Envelope($Envelope) {
  [Console]::Out.WriteLine('ASR-ENVELOPE:' + (ConvertTo-Json -InputObject $Envelope -Depth 8 -Compress))
}
try {
  $in = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($InputBase64)) | ConvertFrom-Json
  $searcher = New-Object System.DirectoryServices.DirectorySearcher
  $searcher.Filter = '(&(objectClass=serviceConnectionPoint)(cn=Microsoft Hyper-V))'
  $searcher.PageSize = 500
  $hosts = @()
  foreach ($result in $searcher.FindAll()) {
    $computer = ([adsi]$result.Path).psbase.Parent
    $hosts += @{ name = [string]$computer.Properties['cn'].Value; fqdn = [string]$computer.Properties['dNSHostName'].Value }
  }
  Write-Envelope @{ ok = $true; data = @{ hosts = $hosts } }
} catch {
  $e = $_.Exception
  $code = 'ActiveDirectoryUnavailable'
  if ($e -is [System.UnauthorizedAccessException]) { $code = 'AccessDenied' }
  Write-Envelope @{ ok = $false; error = @{ code = $code; message = [string]$e.Message } }
}
