import type { Screen } from './router.svelte';

export interface Section {
  /** A screen the sidebar lists; an Actor's page belongs to Actors. */
  screen: Exclude<Screen, 'welcome' | 'actor' | 'run'>;
  label: string;
  /** What the section shows once an account is connected: its empty state explains it. */
  purpose: string;
}

export const sections: readonly Section[] = [
  { screen: 'actors', label: 'Actors', purpose: 'Your Actors, with a form to run each one.' },
  { screen: 'runs', label: 'Runs', purpose: 'Every run, its live status and log.' },
  { screen: 'datasets', label: 'Datasets', purpose: 'The results of your runs, as tables you can export.' },
  { screen: 'kv', label: 'Key-value stores', purpose: 'Files and records your Actors saved.' },
  { screen: 'usage', label: 'Usage', purpose: "Your account's usage this month against its limits." },
  { screen: 'settings', label: 'Settings', purpose: 'Your accounts and tokens.' },
];

/** The sidebar section a screen belongs to. */
export function sectionOf(screen: Screen): Screen {
  if (screen === 'actor') return 'actors';
  return screen === 'run' ? 'runs' : screen;
}
