# The prelude of every host script. The runner (src/services/hyperv/powershellRunner.ts) sends
# this file followed by the script's own text as one script block (one line, base64-encoded: see
# src/services/hyperv/command.ts), so the script runs after it, in the same scope: it gets
# $InputBase64, $SecretsFileBase64, the preferences below and these functions:
#   Read-ScriptInput: the script's input, its secret fields read from the secrets file;
#   Write-Envelope $Envelope: writes the one "ASR-ENVELOPE:" + JSON line;
#   Write-ErrorEnvelope $Code $Message: writes { ok: false, error: { code, message } } that way;
#   Invoke-OnHost $In $Block [$BlockArguments]: runs $Block here, or on the host $In.computerName
#     names through Invoke-Command (with $In.userName and $In.password when given);
#   Get-HostErrorCode $Exception $Code: the code of a remoting or access failure, else $Code;
# and the script blocks the host probes run on the host (through Invoke-OnHost):
#   $HostFactsProbe: what the host is (Get-HostInfo, Get-HostProbe);
#   $VmInventoryProbe: its VMs as @{ vms } (Get-VmInventory, Get-HostProbe).
# Only the script's local part can call the functions: a script block run on a remote host sees
# none of this file (the probes' blocks go there as Invoke-Command's script block or argument). The stand-in PowerShell of the lab knows each script by the SHA-256 of this prelude
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
      # Built with .NET methods, not ConvertTo-SecureString: module logging (event 4103) records a
      # cmdlet's parameter values, the plain-text password among them, and not a method's arguments.
      $secure = New-Object System.Security.SecureString
      foreach ($c in ([string]$In.password).ToCharArray()) { $secure.AppendChar($c) }
      $secure.MakeReadOnly()
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
# What a Hyper-V host is: name, FQDN, OS, cluster, Hyper-V module, Site Recovery provider, and the
# facts the provider's preflight judges (domain role, .NET Framework release).
$HostFactsProbe = {
  $os = Get-CimInstance -ClassName Win32_OperatingSystem
  $cs = Get-CimInstance -ClassName Win32_ComputerSystem
  $hasHyperV = [bool](Get-Module -ListAvailable -Name Hyper-V)
  $cluster = $null
  try { $cluster = (Get-CimInstance -Namespace root/MSCluster -ClassName MSCluster_Cluster -ErrorAction Stop).Name } catch { $cluster = $null }
  # The provider, from its documented signs only (not from registry keys nobody documents):
  # hyper-v-azure-tutorial.md names "C:\Program Files\Microsoft Azure Site Recovery Provider\DRConfigurator.exe";
  # hyper-v-azure-troubleshoot.md names the host services "Microsoft Azure Site Recovery service"
  # and "Microsoft Azure Recovery Services Agent service". Whether the host is registered is the
  # vault's to say (its list of registered servers), not the host's.
  $configurator = Join-Path $env:ProgramFiles 'Microsoft Azure Site Recovery Provider\DRConfigurator.exe'
  $service = $null
  try { $service = Get-Service -DisplayName 'Microsoft Azure Site Recovery Service' -ErrorAction SilentlyContinue | Select-Object -First 1 } catch { $service = $null }
  $hasConfigurator = Test-Path -LiteralPath $configurator
  $provider = @{ installed = [bool]($hasConfigurator -or $service); version = $null; serviceStatus = $null }
  if ($service) { $provider.serviceStatus = [string]$service.Status }
  if ($hasConfigurator) {
    try { $provider.version = [string](Get-Item -LiteralPath $configurator).VersionInfo.FileVersion } catch { $provider.version = $null }
  }
  # .NET Framework 4.5 and later: the Release DWORD of HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full
  # (learn.microsoft.com/dotnet/framework/migration-guide/how-to-determine-which-versions-are-installed);
  # 0 when the key or value is missing (no 4.5 or later).
  $dotNetRelease = 0
  try {
    $ndp = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -ErrorAction Stop
    if ($ndp.Release) { $dotNetRelease = [int]$ndp.Release }
  } catch { $dotNetRelease = 0 }
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
    # Win32_ComputerSystem.DomainRole: 4 backup and 5 primary domain controller.
    domainRole = [int]$cs.DomainRole
    dotNetRelease = $dotNetRelease
  }
}
# The VMs of a Hyper-V host with their disks, network adapters and Hyper-V replication state, and
# for a generation 2 VM the first hard disk of its firmware boot order (its boot disk), as
# @{ vms = @(...) }. Throws a CommandNotFoundException on a host without the Hyper-V module.
$VmInventoryProbe = {
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
