# asr-script: Get-VmInventory 5
# The VMs of a Hyper-V host with their disks, network adapters and Hyper-V replication state, and
# for a generation 2 VM the first hard disk of its firmware boot order (its boot disk).
# Runs on Windows PowerShell 4.0 (Windows Server 2012 R2) and later.
# Runs after prelude.ps1 (the runner sends the two as one script block): the prelude declares
# param([string]$InputBase64, [string]$SecretsFileBase64), stops on errors, sends UTF-8, and
# defines the Read-ScriptInput, Invoke-OnHost, Get-HostErrorCode, Write-Envelope and
# Write-ErrorEnvelope used here, and $VmInventoryProbe, the block that lists the host's VMs.
# Input (base64 JSON): { "computerName": string|null, "userName": string|null, "password": string|null }
#   "password" comes from the secrets file (null in the command line), like every secret field.
# Output: one line "ASR-ENVELOPE:" + JSON { ok, data: { vms: [...] } } or { ok: false, error }.
# Enums are projected to strings here; the parser still copes with Windows PowerShell 5.1's numbers.
try {
  $in = Read-ScriptInput
  $data = Invoke-OnHost $in $VmInventoryProbe
  Write-Envelope @{ ok = $true; data = $data }
} catch {
  $e = $_.Exception
  $code = Get-HostErrorCode $e 'ScriptFailed'
  # This script's own case: the probe's exception for a host without the Hyper-V module.
  if ($e -is [System.Management.Automation.CommandNotFoundException]) { $code = 'HyperVModuleMissing' }
  Write-ErrorEnvelope $code $e.Message
}
