import {
  backend,
  type CatalogRow,
  type CronReading,
  type RunSummary,
  type ScheduleDetails,
  type ScheduleDraft,
  type ScheduleRow,
  type TimeZones,
  type When,
} from '../backend';

/**
 * The account's schedules, as the Schedules screen and an Actor's page show them. The platform
 * keeps them and starts their runs; this keeps the page's copy current after each change.
 */
class Schedules {
  rows = $state<ScheduleRow[]>([]);
  loaded = $state(false);
  #zones: Promise<TimeZones> | null = null;

  async load(): Promise<void> {
    this.rows = await backend.schedulesList();
    this.loaded = true;
  }

  /** The schedules that run this Actor, itself or through one of its tasks. */
  forActor(actorId: string): ScheduleRow[] {
    return this.rows.filter((row) => row.actions.some((action) => action.actorId === actorId));
  }

  /** What a new schedule can run: the user's Actors and tasks, titles first. */
  async targets(): Promise<{ actors: CatalogRow[]; tasks: CatalogRow[] }> {
    const [actors, tasks] = await Promise.all([backend.catalogList('myActors', '', 0, 1000), backend.catalogList('tasks', '', 0, 1000)]);
    return { actors: actors.rows, tasks: tasks.rows };
  }

  details = (scheduleId: string): Promise<ScheduleDetails> => backend.scheduleDetails(scheduleId);
  read = (when: When, timezone: string): Promise<CronReading> => backend.scheduleReadWhen(when, timezone);

  /** Asked once: the list does not change while the app runs. */
  zones(): Promise<TimeZones> {
    this.#zones ??= backend.timeZones();
    return this.#zones;
  }

  async create(draft: ScheduleDraft): Promise<ScheduleRow> {
    const row = await backend.scheduleCreate(draft);
    this.rows = [...this.rows, row];
    return row;
  }

  async update(scheduleId: string, draft: ScheduleDraft): Promise<ScheduleRow> {
    return this.#replace(await backend.scheduleUpdate(scheduleId, draft));
  }

  async setEnabled(scheduleId: string, enabled: boolean): Promise<ScheduleRow> {
    return this.#replace(await backend.scheduleSetEnabled(scheduleId, enabled));
  }

  async remove(scheduleId: string): Promise<void> {
    await backend.scheduleDelete(scheduleId);
    this.rows = this.rows.filter((row) => row.id !== scheduleId);
  }

  /** Starts what it runs at once, each watched as a job like any run. */
  async runNow(scheduleId: string): Promise<RunSummary[]> {
    const started = await backend.scheduleRunNow(scheduleId);
    await Promise.all(started.map((run) => backend.runWatch(run.id)));
    return started;
  }

  #replace(row: ScheduleRow): ScheduleRow {
    this.rows = this.rows.some((r) => r.id === row.id) ? this.rows.map((r) => (r.id === row.id ? row : r)) : [...this.rows, row];
    return row;
  }
}

export const schedules = new Schedules();
