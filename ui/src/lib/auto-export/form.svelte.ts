import type { AutoExportChoice, AutoExportRule, ExportFormat } from '../backend';
import { columnsOf } from '../datasets/cells';
import { dataset } from '../datasets/dataset';
import { ALL_AS_STORED } from '../exports/exports.svelte';
import { runs } from '../runs/runs';
import { DEFAULT_PATTERN, autoExportRules } from './rules.svelte';

/**
 * What the automatic export asks (format, columns, folder, file name, failed runs), as its own
 * dialog and the schedule dialog both ask it. Rust holds the chosen folder; the page shows it
 * and knows it by `folderId`.
 */
export class AutoExportForm {
  format = $state<ExportFormat>('csv');
  /** Every field as stored, or only the ones ticked. */
  columns = $state<'all' | 'chosen'>('all');
  chosen = $state<string[]>([]);
  /** The fields a person can tick: the rule's own and those of the Actor's last run's items. */
  known = $state<string[]>([]);
  clean = $state(false);
  protectFormulas = $state(true);
  folder = $state('');
  folderId = $state<number | null>(null);
  pattern = $state(DEFAULT_PATTERN);
  includeFailed = $state(false);

  constructor(rule: AutoExportRule | null = null) {
    if (!rule) return;
    this.format = rule.format;
    this.chosen = [...rule.options.fields];
    this.known = [...rule.options.fields];
    this.columns = rule.options.fields.length > 0 ? 'chosen' : 'all';
    this.clean = rule.options.clean;
    this.protectFormulas = rule.options.protectFormulas;
    this.folder = rule.folder;
    this.pattern = rule.pattern;
    this.includeFailed = rule.includeFailed;
  }

  /**
   * The fields to offer, from the first items of the Actor's last run: the same picker as the
   * export dialog's, not names to type. Without a run, only "All fields" can be chosen.
   */
  async loadColumns(actorId: string): Promise<void> {
    const [last] = await runs.recent(actorId, 1);
    const datasetId = last?.run.defaultDatasetId;
    if (!datasetId) return;
    const seen = columnsOf(await dataset.first(datasetId, 100), false);
    this.known = [...new Set([...this.chosen, ...seen])];
  }

  choose(field: string, on: boolean): void {
    this.chosen = on ? [...this.chosen, field] : this.chosen.filter((f) => f !== field);
  }

  /** The native folder dialog, opened by Rust; a cancel keeps the folder as it was. */
  async chooseFolder(): Promise<void> {
    const chosen = await autoExportRules.chooseFolder();
    if (chosen) {
      this.folder = chosen.shown;
      this.folderId = chosen.id;
    }
  }

  choice(actorId: string, actorName: string): AutoExportChoice {
    return {
      actorId,
      actorName,
      format: this.format,
      options: {
        ...ALL_AS_STORED,
        // In the order the items have them, as the export dialog keeps it.
        fields: this.columns === 'chosen' ? this.known.filter((f) => this.chosen.includes(f)) : [],
        clean: this.clean,
        protectFormulas: this.protectFormulas,
      },
      folder: this.folder,
      pattern: this.pattern,
      includeFailed: this.includeFailed,
    };
  }
}
