# asr-script: Find-HyperVHosts 2
# Hyper-V hosts published in Active Directory: the computers that own a "Microsoft Hyper-V"
# service connection point. Uses ADSI, so the ActiveDirectory module is not needed.
# Runs after prelude.ps1 (the runner sends the two as one script block): the prelude declares
# param([string]$InputBase64, [string]$SecretsFileBase64), stops on errors, sends UTF-8, and
# defines the Read-ScriptInput, Write-Envelope and Write-ErrorEnvelope used here. It asks the local
# machine's domain, not a host: no Invoke-OnHost, and its own error codes (no remoting failure can
# happen here).
# Input (base64 JSON): {} (reserved; no secret field, so no secrets file)
# Output: one line "ASR-ENVELOPE:" + JSON { ok, data: { hosts: [ { name, fqdn } ] } } or { ok: false, error }.
try {
  $in = Read-ScriptInput
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
  Write-ErrorEnvelope $code $e.Message
}
