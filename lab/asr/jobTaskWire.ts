import type { TaskState } from '../state';

/**
 * One task of a job as the job's GET answers it (the task shape of the spec's ASRTask): a job's own
 * task (lab/asr/wire.ts) or a recovery plan group task's child task per VM (lab/asr/recoveryPlanWire.ts).
 */
export function jobTaskBody(task: Pick<TaskState, 'taskId' | 'name' | 'friendlyName' | 'state' | 'startTime' | 'endTime'>, taskType: string, customDetails: object): object {
  return {
    taskId: task.taskId,
    name: task.name,
    startTime: task.startTime?.toISOString() ?? null,
    endTime: task.endTime?.toISOString() ?? null,
    allowedActions: [],
    friendlyName: task.friendlyName,
    state: task.state,
    stateDescription: task.state === 'Succeeded' ? 'Completed' : task.state,
    taskType,
    customDetails,
    groupTaskCustomDetails: null,
    errors: [],
  };
}
