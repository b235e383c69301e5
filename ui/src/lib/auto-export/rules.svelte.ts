import { backend, type AutoExportChoice, type AutoExportView, type Chosen } from '../backend';

/**
 * The active profile's auto-export rules, as the Actor page and Settings show them. Rust keeps
 * them and does the saving; this keeps the page's copy current after each change.
 */
class AutoExportRules {
  views = $state<AutoExportView[]>([]);

  async load(): Promise<void> {
    this.views = await backend.autoExportList();
  }

  forActor(actorId: string): AutoExportView | null {
    return this.views.find((view) => view.rule.actorId === actorId) ?? null;
  }

  /** `folder`: the number of a folder just chosen; without one, the rule keeps its folder. */
  /** `alsoLast`: save also the Actor's last finished run, and any working now. */
  async set(choice: AutoExportChoice, folder: number | null, alsoLast = false): Promise<AutoExportView> {
    const saved = await backend.autoExportSet(choice, folder, alsoLast);
    this.views = [...this.views.filter((view) => view.rule.id !== saved.rule.id), saved];
    return saved;
  }

  /** The native folder dialog, opened by Rust: the chosen folder, or null when cancelled. */
  chooseFolder(): Promise<Chosen | null> {
    return backend.chooseFolder();
  }

  async remove(ruleId: string): Promise<void> {
    await backend.autoExportRemove(ruleId);
    this.views = this.views.filter((view) => view.rule.id !== ruleId);
  }
}

export const autoExportRules = new AutoExportRules();

/** Generated from Rust (`auto_export::DEFAULT_PATTERN` and `PLACEHOLDERS`). */
export { AUTO_EXPORT_DEFAULT_PATTERN as DEFAULT_PATTERN, AUTO_EXPORT_PLACEHOLDERS as PLACEHOLDERS } from '../backend/rules';
