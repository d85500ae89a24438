// Every user-facing string of the model, in one place, each through l10n.t (@vscode/l10n: the
// model may not import vscode; activate() hands it VS Code's bundle). Tables are getters, so a
// string is looked up when it is read, after activation, not when the module loads.

import * as l10n from '@vscode/l10n';
import type { ProtectionKind } from './protectionStatus';
import type { VmAction } from './vmActions';

type FixedSummaryKind = Exclude<ProtectionKind, 'Replicating' | 'Committing' | 'Error'>;

const statusSummary: Readonly<Record<FixedSummaryKind, string>> = {
  get NotProtected() {
    return l10n.t('Not protected');
  },
  get ProtectionUnknown() {
    return l10n.t('Protection unknown');
  },
  get EnablingProtection() {
    return l10n.t('Enabling protection…');
  },
  get Protected() {
    return l10n.t('Protected');
  },
  get TestFailoverRunning() {
    return l10n.t('Test failover running…');
  },
  get TestFailoverCleanupPending() {
    return l10n.t('Test failover: cleanup pending');
  },
  get TestFailoverCleaningUp() {
    return l10n.t('Cleaning up test failover…');
  },
  get FailingOver() {
    return l10n.t('Failing over…');
  },
  get FailoverCommitPending() {
    return l10n.t('Failed over: commit pending');
  },
  get FailedOver() {
    return l10n.t('Running in Azure');
  },
  get FailingBack() {
    return l10n.t('Failing back…');
  },
  get FailbackCommitPending() {
    return l10n.t('Failed back: commit pending');
  },
  get ReverseReplicationPending() {
    return l10n.t('Failed back: reverse replication pending');
  },
  get DisablingProtection() {
    return l10n.t('Disabling protection…');
  },
};

const actionTitle: Readonly<Record<VmAction, string>> = {
  get enableProtection() {
    return l10n.t('Enable replication');
  },
  get testFailover() {
    return l10n.t('Test failover');
  },
  get testFailoverCleanup() {
    return l10n.t('Clean up test failover');
  },
  get plannedFailover() {
    return l10n.t('Planned failover');
  },
  get unplannedFailover() {
    return l10n.t('Unplanned failover');
  },
  get commit() {
    return l10n.t('Commit');
  },
  get failback() {
    return l10n.t('Failback');
  },
  get reverseReplication() {
    return l10n.t('Reverse replication');
  },
  get disableProtection() {
    return l10n.t('Disable replication');
  },
};

/** "Cannot <verb> for "vm": ..." */
const actionVerb: Readonly<Record<VmAction, string>> = {
  get enableProtection() {
    return l10n.t('enable protection');
  },
  get testFailover() {
    return l10n.t('start a test failover');
  },
  get testFailoverCleanup() {
    return l10n.t('clean up test failover');
  },
  get plannedFailover() {
    return l10n.t('start a planned failover');
  },
  get unplannedFailover() {
    return l10n.t('start an unplanned failover');
  },
  get commit() {
    return l10n.t('commit');
  },
  get failback() {
    return l10n.t('fail back');
  },
  get reverseReplication() {
    return l10n.t('start reverse replication');
  },
  get disableProtection() {
    return l10n.t('disable protection');
  },
};

interface Why {
  why: string;
  todo: string;
}

function waitForProtected(): Why {
  return { why: l10n.t('initial replication has not finished'), todo: l10n.t('Wait until the VM shows Protected, then try again.') };
}
function notAllowedNow(): Why {
  return {
    why: l10n.t('Azure Site Recovery does not allow it in the current state'),
    todo: l10n.t('Wait until the VM shows Protected, then try again.'),
  };
}

function failoverRefusal(kind: ProtectionKind): Why {
  switch (kind) {
    case 'Replicating':
      return waitForProtected();
    case 'TestFailoverCleanupPending':
      return { why: l10n.t('a test failover is waiting for cleanup'), todo: l10n.t('Clean up the test failover first.') };
    case 'FailoverCommitPending':
      return { why: l10n.t('the VM has already failed over'), todo: l10n.t('Commit the failover first.') };
    case 'FailedOver':
      return { why: l10n.t('the VM is already running in Azure'), todo: l10n.t('Use Failback to bring it back on-premises.') };
    case 'FailbackCommitPending':
      return { why: l10n.t('a failback is waiting to be committed'), todo: l10n.t('Commit the failback first.') };
    case 'ReverseReplicationPending':
      return {
        why: l10n.t('replication to Azure has not been re-established after the failback'),
        todo: l10n.t('Start reverse replication first.'),
      };
    default:
      return notAllowedNow();
  }
}

function actionRefusal(action: VmAction, kind: ProtectionKind): Why {
  if (kind === 'NotProtected') {
    return { why: l10n.t('the VM is not protected'), todo: l10n.t('Enable replication first.') };
  }
  if (action === 'enableProtection') {
    return {
      why: l10n.t('the VM is already protected by Azure Site Recovery'),
      todo: l10n.t('To start over, disable replication first.'),
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
    return { why: l10n.t('another operation is in progress'), todo: l10n.t('Wait for it to finish, then try again.') };
  }
  switch (action) {
    case 'testFailover':
      return failoverRefusal(kind);
    case 'testFailoverCleanup':
      return { why: l10n.t('no test failover is waiting for cleanup'), todo: l10n.t('Run a test failover first.') };
    case 'plannedFailover':
    case 'unplannedFailover':
      return failoverRefusal(kind);
    case 'commit':
      if (kind === 'FailedOver') {
        return { why: l10n.t('the failover is already committed'), todo: l10n.t('Use Failback to bring the VM back on-premises.') };
      }
      if (kind === 'ReverseReplicationPending') {
        return { why: l10n.t('the failback is already committed'), todo: l10n.t('Start reverse replication.') };
      }
      return { why: l10n.t('no failover is waiting to be committed'), todo: l10n.t('Run a planned or unplanned failover first.') };
    case 'failback':
      if (kind === 'FailoverCommitPending') {
        return { why: l10n.t('the failover has not been committed'), todo: l10n.t('Commit the failover first.') };
      }
      return { why: l10n.t('the VM is not running in Azure'), todo: l10n.t('Fail over the VM and commit the failover first.') };
    case 'reverseReplication':
      if (kind === 'FailbackCommitPending') {
        return { why: l10n.t('the failback has not been committed'), todo: l10n.t('Commit the failback first.') };
      }
      return {
        why: l10n.t('reverse replication is possible only after a committed failback'),
        todo: l10n.t('Fail back the VM and commit the failback first.'),
      };
    case 'disableProtection':
      return {
        why: l10n.t('Azure Site Recovery does not allow it in the current state'),
        todo: l10n.t('Wait for the running operation to finish, then try again.'),
      };
  }
}

/** What a field of an answer of Azure holds, or should hold ("… is a number instead of text"). */
const wireKinds = {
  get text() {
    return l10n.t('text');
  },
  get number() {
    return l10n.t('a number');
  },
  get boolean() {
    return l10n.t('true or false');
  },
  get date() {
    return l10n.t('a date');
  },
  get invalidDate() {
    return l10n.t('an invalid date');
  },
  get list() {
    return l10n.t('a list');
  },
  get object() {
    return l10n.t('an object');
  },
  get empty() {
    return l10n.t('empty');
  },
} as const;

const GIB = 1024 ** 3;

/** Trims the text and makes sure it ends like a sentence. */
function asSentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function gib(bytes: number): string {
  return l10n.t('{0} GB', Math.ceil(bytes / GIB).toLocaleString('en-US'));
}

export const messages = {
  status: {
    summary: statusSummary,
    replicating: (percent?: number): string => (percent === undefined ? l10n.t('Replicating') : l10n.t('Replicating {0}%', Math.round(percent))),
    get committingFailover() {
      return l10n.t('Committing failover…');
    },
    get committingFailback() {
      return l10n.t('Committing failback…');
    },
    error: (description: string): string => l10n.t('Error: {0}', description),
    get unknownError() {
      return l10n.t('the last operation failed');
    },
    get unreadable() {
      return l10n.t('Could not read this item from Azure');
    },
  },
  wire: {
    kinds: wireKinds,
    wrongType: (field: string, actual: string, expected: string): string =>
      l10n.t({
        message: '{0} is {1} instead of {2}',
        args: [field, actual, expected],
        comment: ['{0}: a field of what Azure answered, e.g. properties.currentScenario.scenarioName; {1}, {2}: what it holds and what it should hold ("a number", "text").'],
      }),
    missing: (field: string): string => l10n.t('{0} is missing', field),
    andMore: (named: string, more: number): string => l10n.t('{0}; and {1} more', named, more),
    get theItem() {
      return l10n.t('the item');
    },
    get namesNoVm() {
      return l10n.t('it names no VM (neither its name, its id nor properties.providerSpecificDetails.vmId can be read)');
    },
  },
  actions: {
    title: actionTitle,
    refusal: (action: VmAction, vmName: string, kind: ProtectionKind, statusSummary: string): string => {
      const { why, todo } = actionRefusal(action, kind);
      return l10n.t({
        message: 'Cannot {0} for "{1}": {2} (current status: {3}). {4}',
        args: [actionVerb[action], vmName, why, statusSummary, todo],
        comment: ['{0}: what was asked ("start a test failover"); {1}: the VM; {2}: why not; {3}: its status; {4}: what to do.'],
      });
    },
  },
  preflight: {
    hostOsUnknown: (host: string): string =>
      l10n.t('Could not determine the Windows version of host "{0}". Azure Site Recovery needs Windows Server 2012 R2 or later; check the host before enabling replication.', host),
    hostOsClient: (host: string, caption: string): string =>
      l10n.t('Host "{0}" runs {1}, which Azure Site Recovery does not support as a Hyper-V host. Use a host running Windows Server 2012 R2 or later.', host, caption),
    hostOsTooOld: (host: string, osName: string): string =>
      l10n.t('Host "{0}" runs {1}, which Azure Site Recovery does not support. Upgrade the host to Windows Server 2012 R2 or later.', host, osName),
    hostServerCore2019: (host: string): string =>
      l10n.t(
        'Host "{0}" runs Windows Server 2019 Server Core, which Azure Site Recovery does not support. Use the Desktop Experience installation or another supported Windows Server version.',
        host,
      ),
    vmNameEmpty: (): string => l10n.t('The VM has no name. Give the VM a name of 1 to 63 letters, digits or hyphens.'),
    vmNameTooLong: (vm: string): string => l10n.t('VM name "{0}" has {1} characters; Azure allows at most 63. Rename the VM in Hyper-V Manager.', vm, vm.length),
    vmNameInvalidChars: (vm: string, chars: string): string =>
      l10n.t('VM name "{0}" contains characters Azure does not allow ({1}). Rename the VM in Hyper-V Manager using only letters, digits and hyphens.', vm, chars),
    vmNameEdges: (vm: string): string => l10n.t('VM name "{0}" must start and end with a letter or digit. Rename the VM in Hyper-V Manager.', vm),
    generationUnknown: (vm: string): string =>
      l10n.t('Could not determine the generation of VM "{0}". Check that it is a Generation 1 VM, or a Generation 2 VM running Windows.', vm),
    generationUnsupported: (vm: string, generation: number): string => l10n.t('VM "{0}" is Generation {1}; Azure Site Recovery supports Generation 1 and 2 only.', vm, generation),
    linuxGen2: (vm: string): string =>
      l10n.t('VM "{0}" is a Generation 2 VM running Linux, which Azure Site Recovery does not support. Replicate a Generation 1 Linux VM instead.', vm),
    gen2OsUnknown: (vm: string): string =>
      l10n.t('Could not determine the guest OS of Generation 2 VM "{0}". Azure Site Recovery supports Generation 2 VMs only with Windows; check the guest OS.', vm),
    noDisks: (vm: string): string => l10n.t('VM "{0}" has no virtual hard disks. Attach the OS disk before enabling replication.', vm),
    noOsDisk: (vm: string): string => l10n.t('No OS disk was found on VM "{0}". Azure Site Recovery needs exactly one OS disk; check the VM\'s boot disk.', vm),
    manyOsDisks: (vm: string, count: number): string =>
      l10n.t('VM "{0}" has {1} OS disks; Azure Site Recovery needs exactly one. Keep one boot disk and attach the others as data disks.', vm, count),
    osDiskTooLarge: (vm: string, path: string, bytes: number, limitBytes: number, generation: number): string =>
      l10n.t(
        'The OS disk "{0}" of VM "{1}" is {2}; Azure Site Recovery supports at most {3} for a Generation {4} VM. Shrink the disk before enabling replication.',
        path,
        vm,
        gib(bytes),
        gib(limitBytes),
        generation,
      ),
    tooManyDataDisks: (vm: string, count: number, limit: number): string =>
      l10n.t('VM "{0}" has {1} data disks; Azure Site Recovery supports at most {2}. Detach {3} of them or exclude them from replication.', vm, count, limit, count - limit),
    dataDiskTooLarge: (vm: string, path: string, bytes: number, limitBytes: number): string =>
      l10n.t('Data disk "{0}" of VM "{1}" is {2}; Azure Site Recovery supports at most {3} per data disk. Split or shrink the disk.', path, vm, gib(bytes), gib(limitBytes)),
    vhdSet: (vm: string, path: string): string => l10n.t('Disk "{0}" of VM "{1}" is a VHD Set (.vhds), which Azure Site Recovery does not support. Convert it to VHDX.', path, vm),
    diskFormat: (vm: string, path: string, format: string): string =>
      l10n.t('Disk "{0}" of VM "{1}" has format {2}; Azure Site Recovery supports VHD and VHDX only. Convert it to VHDX.', path, vm, format),
    sharedVhd: (vm: string, path: string): string =>
      l10n.t('Disk "{0}" of VM "{1}" is a shared virtual hard disk, which Azure Site Recovery does not support. Remove the sharing or exclude the disk.', path, vm),
    passThrough: (vm: string, path: string): string =>
      l10n.t('Disk "{0}" of VM "{1}" is a pass-through disk, which Azure Site Recovery does not support. Move its data to a VHDX.', path, vm),
    fibreChannel: (vm: string): string =>
      l10n.t('VM "{0}" has a virtual Fibre Channel adapter, which Azure Site Recovery does not support. Remove the adapter before enabling replication.', vm),
    sector4k: (vm: string, path: string): string =>
      l10n.t(
        'Disk "{0}" of VM "{1}" uses 4K logical and 4K physical sectors, which Azure Site Recovery does not support (4K logical with 512-byte physical sectors is fine). Move the data to a disk with 512-byte logical sectors.',
        path,
        vm,
      ),
    readinessError: (vm: string, text: string): string =>
      l10n.t('Azure Site Recovery reports that VM "{0}" is not ready for protection: {1} Resolve this, then refresh the VM.', vm, asSentence(text)),
    readinessPhysicalDisk: (vm: string): string =>
      l10n.t('Azure Site Recovery reports a physical (pass-through) disk on VM "{0}", which it does not support. Move its data to a VHDX.', vm),
    readinessFibreChannel: (vm: string): string =>
      l10n.t('Azure Site Recovery reports a Fibre Channel adapter on VM "{0}", which it does not support. Remove the adapter before enabling replication.', vm),
    readinessSharedVhd: (vm: string): string =>
      l10n.t('Azure Site Recovery reports a shared virtual hard disk on VM "{0}", which it does not support. Remove the sharing or exclude the disk.', vm),
  },
  jobs: {
    get untitled() {
      return l10n.t('Site Recovery job');
    },
  },
} as const;
