// Every user-facing string of the model, in one place so it can be localized later.
// (The model may not import vscode; the UI layer can swap these for vscode.l10n strings.)

import type { ProtectionKind } from './protectionStatus';
import type { VmAction } from './vmActions';

type FixedSummaryKind = Exclude<ProtectionKind, 'Replicating' | 'Committing' | 'Error'>;

const statusSummary: Readonly<Record<FixedSummaryKind, string>> = {
  NotProtected: 'Not protected',
  EnablingProtection: 'Enabling protection…',
  Protected: 'Protected',
  TestFailoverRunning: 'Test failover running…',
  TestFailoverCleanupPending: 'Test failover: cleanup pending',
  TestFailoverCleaningUp: 'Cleaning up test failover…',
  FailingOver: 'Failing over…',
  FailoverCommitPending: 'Failed over: commit pending',
  FailedOver: 'Running in Azure',
  FailingBack: 'Failing back…',
  FailbackCommitPending: 'Failed back: commit pending',
  ReverseReplicationPending: 'Failed back: reverse replication pending',
  DisablingProtection: 'Disabling protection…',
};

const actionTitle: Readonly<Record<VmAction, string>> = {
  enableProtection: 'Enable replication',
  testFailover: 'Test failover',
  testFailoverCleanup: 'Clean up test failover',
  plannedFailover: 'Planned failover',
  unplannedFailover: 'Unplanned failover',
  commit: 'Commit',
  failback: 'Failback',
  reverseReplication: 'Reverse replication',
  disableProtection: 'Disable replication',
};

/** "Cannot <verb> for "vm": ..." */
const actionVerb: Readonly<Record<VmAction, string>> = {
  enableProtection: 'enable protection',
  testFailover: 'start a test failover',
  testFailoverCleanup: 'clean up test failover',
  plannedFailover: 'start a planned failover',
  unplannedFailover: 'start an unplanned failover',
  commit: 'commit',
  failback: 'fail back',
  reverseReplication: 'start reverse replication',
  disableProtection: 'disable protection',
};

interface Why {
  why: string;
  todo: string;
}

const waitForProtected: Why = {
  why: 'initial replication has not finished',
  todo: 'Wait until the VM shows Protected, then try again.',
};
const notAllowedNow: Why = {
  why: 'Azure Site Recovery does not allow it in the current state',
  todo: 'Wait until the VM shows Protected, then try again.',
};

function failoverRefusal(kind: ProtectionKind): Why {
  switch (kind) {
    case 'Replicating':
      return waitForProtected;
    case 'TestFailoverCleanupPending':
      return { why: 'a test failover is waiting for cleanup', todo: 'Clean up the test failover first.' };
    case 'FailoverCommitPending':
      return { why: 'the VM has already failed over', todo: 'Commit the failover first.' };
    case 'FailedOver':
      return { why: 'the VM is already running in Azure', todo: 'Use Failback to bring it back on-premises.' };
    case 'FailbackCommitPending':
      return { why: 'a failback is waiting to be committed', todo: 'Commit the failback first.' };
    case 'ReverseReplicationPending':
      return {
        why: 'replication to Azure has not been re-established after the failback',
        todo: 'Start reverse replication first.',
      };
    default:
      return notAllowedNow;
  }
}

function actionRefusal(action: VmAction, kind: ProtectionKind): Why {
  if (kind === 'NotProtected') {
    return { why: 'the VM is not protected', todo: 'Enable replication first.' };
  }
  if (action === 'enableProtection') {
    return {
      why: 'the VM is already protected by Azure Site Recovery',
      todo: 'To start over, disable replication first.',
    };
  }
  if (
    kind === 'EnablingProtection' ||
    kind === 'TestFailoverRunning' ||
    kind === 'TestFailoverCleaningUp' ||
    kind === 'FailingOver' ||
    kind === 'Committing' ||
    kind === 'FailingBack' ||
    kind === 'DisablingProtection'
  ) {
    return { why: 'another operation is in progress', todo: 'Wait for it to finish, then try again.' };
  }
  switch (action) {
    case 'testFailover':
      return failoverRefusal(kind);
    case 'testFailoverCleanup':
      return { why: 'no test failover is waiting for cleanup', todo: 'Run a test failover first.' };
    case 'plannedFailover':
    case 'unplannedFailover':
      return failoverRefusal(kind);
    case 'commit':
      if (kind === 'FailedOver') {
        return { why: 'the failover is already committed', todo: 'Use Failback to bring the VM back on-premises.' };
      }
      if (kind === 'ReverseReplicationPending') {
        return { why: 'the failback is already committed', todo: 'Start reverse replication.' };
      }
      return { why: 'no failover is waiting to be committed', todo: 'Run a planned or unplanned failover first.' };
    case 'failback':
      if (kind === 'FailoverCommitPending') {
        return { why: 'the failover has not been committed', todo: 'Commit the failover first.' };
      }
      return { why: 'the VM is not running in Azure', todo: 'Fail over the VM and commit the failover first.' };
    case 'reverseReplication':
      if (kind === 'FailbackCommitPending') {
        return { why: 'the failback has not been committed', todo: 'Commit the failback first.' };
      }
      return {
        why: 'reverse replication is possible only after a committed failback',
        todo: 'Fail back the VM and commit the failback first.',
      };
    case 'disableProtection':
      return {
        why: 'Azure Site Recovery does not allow it in the current state',
        todo: 'Wait for the running operation to finish, then try again.',
      };
  }
}

const GIB = 1024 ** 3;

/** Trims the text and makes sure it ends like a sentence. */
function asSentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function gib(bytes: number): string {
  return `${Math.ceil(bytes / GIB).toLocaleString('en-US')} GB`;
}

export const messages = {
  status: {
    summary: statusSummary,
    replicating: (percent?: number): string =>
      percent === undefined ? 'Replicating' : `Replicating ${Math.round(percent)}%`,
    committingFailover: 'Committing failover…',
    committingFailback: 'Committing failback…',
    error: (description: string): string => `Error: ${description}`,
    unknownError: 'the last operation failed',
  },
  actions: {
    title: actionTitle,
    refusal: (action: VmAction, vmName: string, kind: ProtectionKind, statusSummary: string): string => {
      const { why, todo } = actionRefusal(action, kind);
      return `Cannot ${actionVerb[action]} for "${vmName}": ${why} (current status: ${statusSummary}). ${todo}`;
    },
  },
  preflight: {
    hostOsUnknown: (host: string): string =>
      `Could not determine the Windows version of host "${host}". Azure Site Recovery needs Windows Server 2012 R2 or later; check the host before enabling replication.`,
    hostOsClient: (host: string, caption: string): string =>
      `Host "${host}" runs ${caption}, which Azure Site Recovery does not support as a Hyper-V host. Use a host running Windows Server 2012 R2 or later.`,
    hostOsTooOld: (host: string, osName: string): string =>
      `Host "${host}" runs ${osName}, which Azure Site Recovery does not support. Upgrade the host to Windows Server 2012 R2 or later.`,
    hostServerCore2019: (host: string): string =>
      `Host "${host}" runs Windows Server 2019 Server Core, which Azure Site Recovery does not support. Use the Desktop Experience installation or another supported Windows Server version.`,
    vmNameEmpty: (): string => 'The VM has no name. Give the VM a name of 1 to 63 letters, digits or hyphens.',
    vmNameTooLong: (vm: string): string =>
      `VM name "${vm}" has ${vm.length} characters; Azure allows at most 63. Rename the VM in Hyper-V Manager.`,
    vmNameInvalidChars: (vm: string, chars: string): string =>
      `VM name "${vm}" contains characters Azure does not allow (${chars}). Rename the VM in Hyper-V Manager using only letters, digits and hyphens.`,
    vmNameEdges: (vm: string): string =>
      `VM name "${vm}" must start and end with a letter or digit. Rename the VM in Hyper-V Manager.`,
    generationUnknown: (vm: string): string =>
      `Could not determine the generation of VM "${vm}". Check that it is a Generation 1 VM, or a Generation 2 VM running Windows.`,
    generationUnsupported: (vm: string, generation: number): string =>
      `VM "${vm}" is Generation ${generation}; Azure Site Recovery supports Generation 1 and 2 only.`,
    linuxGen2: (vm: string): string =>
      `VM "${vm}" is a Generation 2 VM running Linux, which Azure Site Recovery does not support. Replicate a Generation 1 Linux VM instead.`,
    gen2OsUnknown: (vm: string): string =>
      `Could not determine the guest OS of Generation 2 VM "${vm}". Azure Site Recovery supports Generation 2 VMs only with Windows; check the guest OS.`,
    noDisks: (vm: string): string =>
      `VM "${vm}" has no virtual hard disks. Attach the OS disk before enabling replication.`,
    noOsDisk: (vm: string): string =>
      `No OS disk was found on VM "${vm}". Azure Site Recovery needs exactly one OS disk; check the VM's boot disk.`,
    manyOsDisks: (vm: string, count: number): string =>
      `VM "${vm}" has ${count} OS disks; Azure Site Recovery needs exactly one. Keep one boot disk and attach the others as data disks.`,
    osDiskTooLarge: (vm: string, path: string, bytes: number, limitBytes: number, generation: number): string =>
      `The OS disk "${path}" of VM "${vm}" is ${gib(bytes)}; Azure Site Recovery supports at most ${gib(limitBytes)} for a Generation ${generation} VM. Shrink the disk before enabling replication.`,
    tooManyDataDisks: (vm: string, count: number, limit: number): string =>
      `VM "${vm}" has ${count} data disks; Azure Site Recovery supports at most ${limit}. Detach ${count - limit} of them or exclude them from replication.`,
    dataDiskTooLarge: (vm: string, path: string, bytes: number, limitBytes: number): string =>
      `Data disk "${path}" of VM "${vm}" is ${gib(bytes)}; Azure Site Recovery supports at most ${gib(limitBytes)} per data disk. Split or shrink the disk.`,
    vhdSet: (vm: string, path: string): string =>
      `Disk "${path}" of VM "${vm}" is a VHD Set (.vhds), which Azure Site Recovery does not support. Convert it to VHDX.`,
    diskFormat: (vm: string, path: string, format: string): string =>
      `Disk "${path}" of VM "${vm}" has format ${format}; Azure Site Recovery supports VHD and VHDX only. Convert it to VHDX.`,
    sharedVhd: (vm: string, path: string): string =>
      `Disk "${path}" of VM "${vm}" is a shared virtual hard disk, which Azure Site Recovery does not support. Remove the sharing or exclude the disk.`,
    passThrough: (vm: string, path: string): string =>
      `Disk "${path}" of VM "${vm}" is a pass-through disk, which Azure Site Recovery does not support. Move its data to a VHDX.`,
    fibreChannel: (vm: string): string =>
      `VM "${vm}" has a virtual Fibre Channel adapter, which Azure Site Recovery does not support. Remove the adapter before enabling replication.`,
    sector4k: (vm: string, path: string): string =>
      `Disk "${path}" of VM "${vm}" uses 4K logical and 4K physical sectors, which Azure Site Recovery does not support (4K logical with 512-byte physical sectors is fine). Move the data to a disk with 512-byte logical sectors.`,
    readinessError: (vm: string, text: string): string =>
      `Azure Site Recovery reports that VM "${vm}" is not ready for protection: ${asSentence(text)} Resolve this, then refresh the VM.`,
    readinessPhysicalDisk: (vm: string): string =>
      `Azure Site Recovery reports a physical (pass-through) disk on VM "${vm}", which it does not support. Move its data to a VHDX.`,
    readinessFibreChannel: (vm: string): string =>
      `Azure Site Recovery reports a Fibre Channel adapter on VM "${vm}", which it does not support. Remove the adapter before enabling replication.`,
    readinessSharedVhd: (vm: string): string =>
      `Azure Site Recovery reports a shared virtual hard disk on VM "${vm}", which it does not support. Remove the sharing or exclude the disk.`,
  },
  jobs: {
    untitled: 'Site Recovery job',
  },
} as const;
