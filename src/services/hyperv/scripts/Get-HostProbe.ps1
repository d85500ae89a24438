# asr-script: Get-HostProbe 1
# One probe of a Hyper-V host in one remoting call: what Get-HostInfo and then Get-VmInventory
# would say, run together on the host (one WinRM round trip instead of two).
# Runs on Windows PowerShell 4.0 (Windows Server 2012 R2) and later.
# Runs after prelude.ps1 (the runner sends the two as one script block): the prelude declares
# param([string]$InputBase64, [string]$SecretsFileBase64), stops on errors, sends UTF-8, and
# defines the Read-ScriptInput, Invoke-OnHost, Get-HostErrorCode, Write-Envelope and
# Write-ErrorEnvelope used here, and the $HostFactsProbe and $VmInventoryProbe blocks.
# Input (base64 JSON): { "computerName": string|null, "userName": string|null, "password": string|null }
#   "password" comes from the secrets file (null in the command line), like every secret field.
# Output: one line "ASR-ENVELOPE:" + JSON { ok, data: { host, inventory, inventoryError } } or
#   { ok: false, error } when the host's facts cannot be read (Get-HostInfo's error).
#   host: Get-HostInfo's data. inventory: Get-VmInventory's data ({ vms: [...] }); { vms: [] } on
#   a host without the Hyper-V module (no inventory is read there). inventoryError: null, or
#   { code, message } when the inventory failed after the facts were read (inventory is then null).
try {
  $in = Read-ScriptInput
  # Both blocks go to the host as text (a script block passed to Invoke-Command arrives as its
  # text) and are made into blocks again there: the prelude's own code, never host or user data.
  $probe = {
    param([string]$HostFacts, [string]$VmInventory)
    $facts = & ([scriptblock]::Create($HostFacts))
    $inventory = @{ vms = @() }
    $inventoryError = $null
    if ($facts.hyperVModule) {
      try {
        $inventory = & ([scriptblock]::Create($VmInventory))
      } catch {
        $inventory = $null
        $code = 'ScriptFailed'
        if ($_.Exception -is [System.UnauthorizedAccessException]) { $code = 'AccessDenied' }
        $inventoryError = @{ code = $code; message = $_.Exception.Message }
      }
    }
    @{ host = $facts; inventory = $inventory; inventoryError = $inventoryError }
  }
  $data = Invoke-OnHost $in $probe @([string]$HostFactsProbe, [string]$VmInventoryProbe)
  Write-Envelope @{ ok = $true; data = $data }
} catch {
  $e = $_.Exception
  Write-ErrorEnvelope (Get-HostErrorCode $e 'ScriptFailed') $e.Message
}
