import type { AutoExportChoice, AutoExportRule, ExportFormat } from '../backend';
import { DEFAULT_PATTERN, autoExportRules } from './rules.svelte';

/**
 * What the automatic export asks (format, columns, folder, file name, failed runs), as its own
 * dialog and the schedule dialog both ask it. Rust holds the chosen folder; the page shows it
 * and knows it by `folderId`.
 */
export class AutoExportForm {
  format = $state<ExportFormat>('csv');
  fields = $state('');
  clean = $state(false);
  protectFormulas = $state(true);
  folder = $state('');
  folderId = $state<number | null>(null);
  pattern = $state(DEFAULT_PATTERN);
  includeFailed = $state(false);

  constructor(rule: AutoExportRule | null = null) {
    if (!rule) return;
    this.format = rule.format;
    this.fields = rule.options.fields.join(', ');
    this.clean = rule.options.clean;
    this.protectFormulas = rule.options.protectFormulas;
    this.folder = rule.folder;
    this.pattern = rule.pattern;
    this.includeFailed = rule.includeFailed;
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
        fields: this.fields
          .split(',')
          .map((f) => f.trim())
          .filter((f) => f !== ''),
        omit: [],
        clean: this.clean,
        protectFormulas: this.protectFormulas,
        unwind: [],
        flatten: [],
        bom: null,
        delimiter: null,
        offset: 0,
        limit: null,
        desc: false,
      },
      folder: this.folder,
      pattern: this.pattern,
      includeFailed: this.includeFailed,
    };
  }
}
