# asr-script: Get-VmInventory 4
# The VMs of a Hyper-V host with their disks, network adapters and Hyper-V replication state, and
# for a generation 2 VM the first hard disk of its firmware boot order (its boot disk).
# Runs on Windows PowerShell 4.0 (Windows Server 2012 R2) and later.
# Runs after prelude.ps1 (the runner sends the two as one script block): the prelude declares
# param([string]$InputBase64, [string]$SecretsFileBase64), stops on errors, sends UTF-8, and
# defines the Read-ScriptInput, Invoke-OnHost, Get-HostErrorCode, Write-Envelope and
# Write-ErrorEnvelope used here.
# Input (base64 JSON): { "computerName": string|null, "userName": string|null, "password": string|null }
#   "password" comes from the secrets file (null in the command line), like every secret field.
# Output: one line "ASR-ENVELOPE:" + JSON { ok, data: { vms: [...] } } or { ok: false, error }.
# Enums are projected to strings here; the parser still copes with Windows PowerShell 5.1's numbers.
try {
  $in = Read-ScriptInput
  $probe = {
    if (-not (Get-Module -ListAvailable -Name Hyper-V)) {
      throw (New-Object System.Management.Automation.CommandNotFoundException 'The Hyper-V PowerShell module is not installed on this host.')
    }
    $vms = @(Get-VM)
    # The guest OS, where known: the OSName item the integration services publish (KVP).
    $osNames = @{}
    try {
      foreach ($k in @(Get-CimInstance -Namespace 'root\virtualization\v2' -ClassName Msvm_KvpExchangeComponent)) {
        foreach ($item in @($k.GuestIntrinsicExchangeItems)) {
          $doc = [xml]$item
          $nameNode = $doc.SelectSingleNode("/INSTANCE/PROPERTY[@NAME='Name']/VALUE")
          if ($nameNode -and $nameNode.InnerText -eq 'OSName') {
            $osNames[([string]$k.SystemName).ToUpperInvariant()] = $doc.SelectSingleNode("/INSTANCE/PROPERTY[@NAME='Data']/VALUE").InnerText
          }
        }
      }
    } catch { $osNames = @{} }
    $result = @()
    foreach ($vm in $vms) {
      $disks = @()
      foreach ($d in @(Get-VMHardDiskDrive -VM $vm)) {
        $vhd = $null
        if ($d.Path -and -not $d.DiskNumber) { try { $vhd = Get-VHD -Path $d.Path } catch { $vhd = $null } }
        $disks += @{
          path = [string]$d.Path
          controllerType = "$($d.ControllerType)"
          controllerNumber = [int]$d.ControllerNumber
          controllerLocation = [int]$d.ControllerLocation
          diskNumber = $d.DiskNumber
          vhdFormat = if ($vhd) { "$($vhd.VhdFormat)" } else { $null }
          vhdType = if ($vhd) { "$($vhd.VhdType)" } else { $null }
          sizeBytes = if ($vhd) { [long]$vhd.Size } else { $null }
          logicalSectorSize = if ($vhd) { [int]$vhd.LogicalSectorSize } else { $null }
          physicalSectorSize = if ($vhd) { [int]$vhd.PhysicalSectorSize } else { $null }
          shared = [bool]($d.SupportPersistentReservations)
        }
      }
      $nics = @()
      foreach ($n in @(Get-VMNetworkAdapter -VM $vm)) {
        $nics += @{ name = [string]$n.Name; switchName = [string]$n.SwitchName; macAddress = [string]$n.MacAddress }
      }
      $fc = @(Get-VMFibreChannelHba -VM $vm -ErrorAction SilentlyContinue).Count -gt 0
      # Generation 2: UEFI boots the first entry of the firmware boot order that starts; the boot
      # disk is the first hard disk drive in that order (Get-VMFirmware BootOrder, Hyper-V module
      # of Windows Server 2012 R2 and later). Generation 1 boots its IDE chain: judged from the disks.
      $bootDisk = $null
      if ([int]$vm.Generation -eq 2) {
        try {
          foreach ($b in @((Get-VMFirmware -VM $vm).BootOrder)) {
            $dev = $b.Device
            if ($dev -and $dev.GetType().Name -eq 'HardDiskDrive') {
              $bootDisk = @{ controllerNumber = [int]$dev.ControllerNumber; controllerLocation = [int]$dev.ControllerLocation; path = [string]$dev.Path }
              break
            }
          }
        } catch { $bootDisk = $null }
      }
      $osName = $osNames[$vm.VMId.ToString().ToUpperInvariant()]
      $osType = $null
      if ($osName) { if ($osName -match 'Windows') { $osType = 'Windows' } else { $osType = 'Linux' } }
      $result += @{
        name = [string]$vm.Name
        osName = $osName
        osType = $osType
        vmId = "$($vm.VMId)"
        state = "$($vm.State)"
        generation = [int]$vm.Generation
        processorCount = [int]$vm.ProcessorCount
        memoryStartupBytes = [long]$vm.MemoryStartup
        replicationState = "$($vm.ReplicationState)"
        replicationHealth = "$($vm.ReplicationHealth)"
        isClustered = [bool]$vm.IsClustered
        hasFibreChannelAdapter = $fc
        firmwareBootDisk = $bootDisk
        disks = $disks
        networkAdapters = $nics
      }
    }
    @{ vms = $result }
  }
  $data = Invoke-OnHost $in $probe
  Write-Envelope @{ ok = $true; data = $data }
} catch {
  $e = $_.Exception
  $code = Get-HostErrorCode $e 'ScriptFailed'
  # This script's own case: the probe's exception for a host without the Hyper-V module.
  if ($e -is [System.Management.Automation.CommandNotFoundException]) { $code = 'HyperVModuleMissing' }
  Write-ErrorEnvelope $code $e.Message
}
