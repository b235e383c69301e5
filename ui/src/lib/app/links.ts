import { backend } from '../backend';
import { report } from '../reports/reports.svelte';

/**
 * Opening web pages in the system's browser. Rust decides what may open (web pages only); a
 * failure is reported with what the user was opening.
 */
export function openLink(url: string, what = 'Opening the link'): void {
  void backend.openExternal(url).catch(report(what));
}

/** Apify Console's page where a person copies their API token. */
export function openTokenPage(): void {
  void backend.openTokenPage().catch(report('Opening Apify Console'));
}

/** The same, for a screen that shows the failure itself. */
export const openPage = (url: string): Promise<null> => backend.openExternal(url);
