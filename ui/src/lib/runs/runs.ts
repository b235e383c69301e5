import { backend, type JsonValue, type RunRow, type RunsPage, type RunSummary, type SavedTask, type StartOptions, type TaskDetails } from '../backend';

/** Starting and finding runs, and what an Actor's page does with them. */
export const runs = {
  /** Starts a run and watches it as a job; answers the run and the job's id. */
  async start(actorId: string, input: JsonValue, options: StartOptions): Promise<{ run: RunSummary; jobId: number }> {
    const run = await backend.runStart(actorId, input, options);
    return { run, jobId: (await backend.runWatch(run.id)).id };
  },
  /** Runs a task with its saved input, watched as a job like any run. */
  async startTask(taskId: string): Promise<RunSummary> {
    const run = await backend.taskRun(taskId);
    await backend.runWatch(run.id);
    return run;
  },
  saveTask: (actorId: string, name: string, input: JsonValue, options: StartOptions): Promise<SavedTask> =>
    backend.taskSave(actorId, name, input, options),
  /** A task's input and options, to open as its Actor's form. */
  task: (taskId: string): Promise<TaskDetails> => backend.taskDetails(taskId),
  /** Runs a task as its form is now (saved or not), watched as a job; answers the run and the job's id. */
  async startEditedTask(taskId: string, input: JsonValue, options: StartOptions): Promise<{ run: RunSummary; jobId: number }> {
    const run = await backend.taskStart(taskId, input, options);
    return { run, jobId: (await backend.runWatch(run.id)).id };
  },
  updateTask: (taskId: string, input: JsonValue, options: StartOptions): Promise<null> => backend.taskUpdate(taskId, input, options),
  duplicateTask: (taskId: string, name: string, input: JsonValue, options: StartOptions): Promise<SavedTask> =>
    backend.taskDuplicate(taskId, name, input, options),
  deleteTask: (taskId: string): Promise<null> => backend.taskDelete(taskId),
  /** The input a run was started with (its INPUT record). */
  input: (runId: string): Promise<JsonValue> => backend.runInput(runId),
  abort: (runId: string, gracefully: boolean): Promise<RunSummary> => backend.runAbort(runId, gracefully),
  list: (actorId: string | null, status: string | null, offset: number, limit: number): Promise<RunsPage> =>
    backend.runsList(actorId, status, offset, limit),
  recent: (actorId: string, limit: number): Promise<RunRow[]> => backend.runsRecent(actorId, limit),
  /** The save dialog (Rust's), then the whole log saved as a job; false when the user cancelled. */
  async saveLog(runId: string, suggestedName: string): Promise<boolean> {
    const file = await backend.chooseSaveFile(suggestedName, { name: 'Log', extension: 'log' });
    if (!file) return false;
    await backend.runLogSave(runId, file.id);
    return true;
  },
};
