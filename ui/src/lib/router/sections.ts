import type { Screen } from './router.svelte';

export interface Section {
  /** A screen the sidebar lists; an Actor's page belongs to Actors. */
  screen: Exclude<Screen, 'welcome' | 'connect' | 'actor' | 'task' | 'run' | 'comparison'>;
  label: string;
}

export const sections: readonly Section[] = [
  { screen: 'actors', label: 'Actors' },
  { screen: 'runs', label: 'Runs' },
  { screen: 'schedules', label: 'Schedules' },
  { screen: 'datasets', label: 'Datasets' },
  { screen: 'kv', label: 'Key-value stores' },
  { screen: 'queues', label: 'Request queues' },
  { screen: 'usage', label: 'Usage' },
  { screen: 'settings', label: 'Settings' },
];

/** The sidebar section a screen belongs to. */
export function sectionOf(screen: Screen): Screen {
  if (screen === 'actor' || screen === 'task') return 'actors';
  if (screen === 'connect') return 'settings';
  if (screen === 'comparison') return 'datasets';
  return screen === 'run' ? 'runs' : screen;
}
