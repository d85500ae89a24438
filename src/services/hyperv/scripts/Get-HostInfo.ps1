# asr-script: Get-HostInfo 4
# What a Hyper-V host is: name, FQDN, OS, cluster, Hyper-V module, Site Recovery provider, and the
# facts the provider's preflight judges (domain role, .NET Framework release).
# Runs on Windows PowerShell 4.0 (Windows Server 2012 R2) and later.
# Runs after prelude.ps1 (the runner sends the two as one script block): the prelude declares
# param([string]$InputBase64, [string]$SecretsFileBase64), stops on errors, sends UTF-8, and
# defines the Read-ScriptInput, Invoke-OnHost, Get-HostErrorCode, Write-Envelope and
# Write-ErrorEnvelope used here, and $HostFactsProbe, the block that reads the host's facts.
# Input (base64 JSON): { "computerName": string|null, "userName": string|null, "password": string|null }
#   "password" comes from the secrets file (null in the command line), like every secret field.
# Output: one line "ASR-ENVELOPE:" + JSON { ok, data } or { ok: false, error: { code, message } }.
try {
  $in = Read-ScriptInput
  $data = Invoke-OnHost $in $HostFactsProbe
  Write-Envelope @{ ok = $true; data = $data }
} catch {
  $e = $_.Exception
  Write-ErrorEnvelope (Get-HostErrorCode $e 'ScriptFailed') $e.Message
}
