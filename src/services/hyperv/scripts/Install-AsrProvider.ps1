# asr-script: Install-AsrProvider 1
# Installs the Microsoft Azure Site Recovery Provider (with the MARS agent) silently on a host:
# gets the installer (download, or a local file or share), extracts it, runs setupdr.exe /i.
# Input (base64 JSON): { "computerName", "userName", "password", "installerUrl", "installerPath" }
# Output: one line "ASR-ENVELOPE:" + JSON { ok, data: { version, rebootRequired, logPath } } or { ok: false, error }.
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
  $install = {
    param($installerUrl, $installerPath)
    $logPath = Join-Path $env:ProgramData 'ASRLogs\DRASetupWizard.log'
    $dir = Join-Path $env:TEMP 'ASRProviderSetup'
    New-Item -ItemType Directory -Force -Path $dir | Out-Null
    $exe = Join-Path $dir 'AzureSiteRecoveryProvider.exe'
    if (-not [string]::IsNullOrEmpty($installerPath)) {
      if (-not (Test-Path -LiteralPath $installerPath)) { throw [System.IO.FileNotFoundException]::new("The installer was not found at $installerPath.") }
      Copy-Item -LiteralPath $installerPath -Destination $exe -Force
    } else {
      try { Invoke-WebRequest -Uri $installerUrl -OutFile $exe -UseBasicParsing }
      catch { throw [System.Net.WebException]::new("Downloading the installer from $installerUrl failed: $($_.Exception.Message)") }
    }
    $extract = Start-Process -FilePath $exe -ArgumentList @("/x:`"$dir`"", '/q') -Wait -PassThru
    if ($extract.ExitCode -ne 0) { throw [System.InvalidOperationException]::new("Extracting the installer failed with exit code $($extract.ExitCode).") }
    $setup = Start-Process -FilePath (Join-Path $dir 'setupdr.exe') -ArgumentList @('/i') -Wait -PassThru
    if ($setup.ExitCode -ne 0 -and $setup.ExitCode -ne 3010) {
      throw [System.InvalidOperationException]::new("setupdr.exe /i failed with exit code $($setup.ExitCode); see $logPath.")
    }
    $version = [string](Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Azure Site Recovery\Setup').Version
    @{ version = $version; rebootRequired = ($setup.ExitCode -eq 3010); logPath = $logPath }
  }
  $url = [string]$in.installerUrl
  if ([string]::IsNullOrEmpty($url)) { $url = 'https://aka.ms/downloaddra' }
  if ([string]::IsNullOrEmpty($in.computerName)) {
    $data = & $install $url ([string]$in.installerPath)
  } else {
    $params = @{ ComputerName = [string]$in.computerName; ScriptBlock = $install; ArgumentList = @($url, [string]$in.installerPath); ErrorAction = 'Stop' }
    if (-not [string]::IsNullOrEmpty($in.userName)) {
      $secure = ConvertTo-SecureString -String ([string]$in.password) -AsPlainText -Force
      $params.Credential = New-Object System.Management.Automation.PSCredential ([string]$in.userName, $secure)
    }
    $data = Invoke-Command @params
  }
  Write-Envelope @{ ok = $true; data = $data }
} catch {
  $e = $_.Exception
  $code = 'InstallFailed'
  if ($e -is [System.Management.Automation.Remoting.PSRemotingTransportException]) {
    if ($e.Message -match 'Access is denied') { $code = 'AccessDenied' }
    elseif ($e.Message -match 'WinRM') { $code = 'WinRMNotEnabled' }
    else { $code = 'HostUnreachable' }
  } elseif ($e -is [System.IO.FileNotFoundException]) { $code = 'InstallerNotFound' }
  elseif ($e -is [System.Net.WebException]) { $code = 'InstallerDownloadFailed' }
  elseif ($e -is [System.UnauthorizedAccessException]) { $code = 'AccessDenied' }
  Write-Envelope @{ ok = $false; error = @{ code = $code; message = [string]$e.Message } }
}
