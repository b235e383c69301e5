export type Section = 'welcome' | 'actors' | 'runs' | 'datasets' | 'kv' | 'settings';

export interface SectionInfo {
  id: Section;
  label: string;
  /** What the section shows once an account is connected: the empty state explains it. */
  purpose: string;
}

export const sections: readonly SectionInfo[] = [
  { id: 'actors', label: 'Actors', purpose: 'Your Actors, with a form to run each one.' },
  { id: 'runs', label: 'Runs', purpose: 'Every run, its live status and log.' },
  { id: 'datasets', label: 'Datasets', purpose: 'The results of your runs, as tables you can export.' },
  { id: 'kv', label: 'Key-value stores', purpose: 'Files and records your Actors saved.' },
  { id: 'settings', label: 'Settings', purpose: 'Your accounts and tokens.' },
];
