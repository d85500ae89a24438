# asr-script: Install-AsrProvider 3
# Installs the Microsoft Azure Site Recovery Provider (with the MARS agent) silently on a host:
# gets the installer (download over HTTPS with TLS 1.2, or a local file or share), checks its
# Authenticode signature (valid, signed by Microsoft), extracts it, runs setupdr.exe /i, and
# judges the result by the documented signs (DRConfigurator.exe, the provider's service).
# Runs on Windows PowerShell 4.0 (Windows Server 2012 R2) and later.
# Runs after prelude.ps1 (the runner sends the two as one script block): the prelude declares
# param([string]$InputBase64, [string]$SecretsFileBase64), stops on errors, sends UTF-8, and
# defines the Read-ScriptInput, Invoke-OnHost, Get-HostErrorCode, Write-Envelope and
# Write-ErrorEnvelope used here.
# Input (base64 JSON): { "computerName", "userName", "password", "installerUrl", "installerPath" }
#   "password" comes from the secrets file (null in the command line), like every secret field.
# Output: one line "ASR-ENVELOPE:" + JSON { ok, data: { version, rebootRequired, logPath } } or { ok: false, error }.
try {
  $in = Read-ScriptInput
  # Returns @{ ok; data } or @{ ok = $false; code; message }: typed exceptions do not survive
  # Invoke-Command, so known failures travel as values.
  $install = {
    param($installerUrl, $installerPath)
    $fail = { param($code, $message) @{ ok = $false; code = $code; message = $message } }
    # Vault credentials files left by a run that was killed (Register-AsrProvider writes them
    # here and deletes them; a killed runner cannot): delete them before anything else.
    $credentialsDir = Join-Path $env:ProgramData 'AzureSiteRecoveryHyperV\VaultCredentials'
    if (Test-Path -LiteralPath $credentialsDir) {
      Get-ChildItem -LiteralPath $credentialsDir -Filter 'asr-vscode-*.VaultCredentials' -Force -ErrorAction SilentlyContinue |
        Remove-Item -Force -ErrorAction SilentlyContinue
    }
    # Where Register-AsrProvider 1 wrote them (%TEMP%\asr-<guid>.VaultCredentials).
    Get-ChildItem -Path (Join-Path $env:TEMP 'asr-*.VaultCredentials') -Force -ErrorAction SilentlyContinue |
      Remove-Item -Force -ErrorAction SilentlyContinue
    # hyper-v-azure-tutorial.md: "Results are logged to %Programdata%\ASRLogs\DRASetupWizard.log."
    $logPath = Join-Path $env:ProgramData 'ASRLogs\DRASetupWizard.log'
    # hyper-v-azure-tutorial.md: "C:\Program Files\Microsoft Azure Site Recovery Provider\DRConfigurator.exe"
    $configurator = Join-Path $env:ProgramFiles 'Microsoft Azure Site Recovery Provider\DRConfigurator.exe'
    $dir = Join-Path $env:TEMP 'ASRProviderSetup'
    if (Test-Path -LiteralPath $dir) { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }
    New-Item -ItemType Directory -Force -Path $dir | Out-Null
    $exe = Join-Path $dir 'AzureSiteRecoveryProvider.exe'
    $source = $installerPath
    if (-not [string]::IsNullOrEmpty($installerPath)) {
      if (-not (Test-Path -LiteralPath $installerPath -PathType Leaf)) { return & $fail 'InstallerNotFound' "The installer was not found at $installerPath." }
      Copy-Item -LiteralPath $installerPath -Destination $exe -Force
    } else {
      if ($installerUrl -notmatch '^https://') { return & $fail 'InstallerUrlNotHttps' "The installer URL $installerUrl is not an https:// URL." }
      $source = $installerUrl
      # Azure Site Recovery uses TLS 1.2; Windows PowerShell 4.0 and 5.1 do not offer it by default.
      [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
      try { Invoke-WebRequest -Uri $installerUrl -OutFile $exe -UseBasicParsing }
      catch { return & $fail 'InstallerDownloadFailed' "Downloading the installer from $installerUrl failed: $($_.Exception.Message)" }
    }
    # Run only an installer that Microsoft signed.
    $signature = Get-AuthenticodeSignature -FilePath $exe
    $signer = ''
    if ($signature.SignerCertificate) { $signer = [string]$signature.SignerCertificate.Subject }
    if ([string]$signature.Status -ne 'Valid' -or $signer -notmatch '(^|,\s*)O=Microsoft Corporation(,|$)') {
      Remove-Item -LiteralPath $exe -Force -ErrorAction SilentlyContinue
      if ($signer -eq '') { $signer = 'none' }
      return & $fail 'InstallerSignatureInvalid' ("The installer from $source is not validly signed by Microsoft (signature status: " + [string]$signature.Status + "; signer: $signer).")
    }
    $extract = Start-Process -FilePath $exe -ArgumentList @("/x:`"$dir`"", '/q') -Wait -PassThru
    if ($extract.ExitCode -ne 0) { return & $fail 'InstallFailed' "Extracting the installer failed with exit code $($extract.ExitCode)." }
    $setup = Start-Process -FilePath (Join-Path $dir 'setupdr.exe') -ArgumentList @('/i') -Wait -PassThru
    if ($setup.ExitCode -ne 0 -and $setup.ExitCode -ne 3010) {
      return & $fail 'InstallFailed' "setupdr.exe /i failed with exit code $($setup.ExitCode); see $logPath."
    }
    # The documented signs of an installed provider; reading them never fails the install.
    $service = $null
    try { $service = Get-Service -DisplayName 'Microsoft Azure Site Recovery Service' -ErrorAction SilentlyContinue } catch { $service = $null }
    # After 3010 the files may wait for the restart: only a plain success must show the signs.
    if ($setup.ExitCode -eq 0 -and -not (Test-Path -LiteralPath $configurator) -and -not $service) {
      return & $fail 'InstallFailed' "setupdr.exe /i ended with exit code $($setup.ExitCode) but neither $configurator nor the Microsoft Azure Site Recovery Service is there; see $logPath."
    }
    $version = $null
    try { $version = [string](Get-Item -LiteralPath $configurator).VersionInfo.FileVersion } catch { $version = $null }
    @{ ok = $true; data = @{ version = $version; rebootRequired = ($setup.ExitCode -eq 3010); logPath = $logPath } }
  }
  $url = [string]$in.installerUrl
  if ([string]::IsNullOrEmpty($url)) { $url = 'https://aka.ms/downloaddra' }
  $result = Invoke-OnHost $in $install @($url, [string]$in.installerPath)
  if ($result.ok) { Write-Envelope @{ ok = $true; data = $result.data } }
  else { Write-ErrorEnvelope $result.code $result.message }
} catch {
  $e = $_.Exception
  Write-ErrorEnvelope (Get-HostErrorCode $e 'InstallFailed') $e.Message
}
