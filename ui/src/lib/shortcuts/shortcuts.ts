import { sections } from '../router/sections';

/** A key the whole app answers, as the help sheet lists it. */
export interface Shortcut {
  keys: string;
  what: string;
}

/** The one list: the help sheet shows it, and `shortcutFor` answers each line of it. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: `Ctrl+1 … Ctrl+${sections.length}`, what: `Go to ${sections.map((s) => s.label).join(', ')}` },
  { keys: 'Ctrl+F or /', what: 'Search or filter on this screen' },
  { keys: 'Ctrl+Enter', what: "Run the Actor, on an Actor's page" },
  { keys: 'Ctrl+J', what: 'Show or hide the jobs' },
  { keys: 'Ctrl+=, Ctrl+-, Ctrl+0', what: 'Larger text, smaller text, the system size' },
  { keys: 'Alt+Left, Alt+Right', what: 'Back, Forward' },
  { keys: 'Escape', what: 'Close a dialog or this sheet' },
  { keys: '?', what: 'Show these shortcuts' },
];

export type ShortcutAction =
  | { type: 'help' }
  | { type: 'jobs' }
  | { type: 'search' }
  | { type: 'run' }
  | { type: 'textSize'; step: -1 | 0 | 1 }
  | { type: 'section'; screen: (typeof sections)[number]['screen'] };

/** Whether keys typed now go into a field, where `?` and `/` are text, not commands. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** What a key press asks for, or null when it is not a shortcut. */
export function shortcutFor(event: KeyboardEvent): ShortcutAction | null {
  // A key the focused widget already took (the code editor's own Ctrl+F search, its undo) is
  // not the app's.
  if (event.defaultPrevented) return null;
  const ctrl = event.ctrlKey || event.metaKey;
  if (ctrl && !event.altKey) {
    if (/^[1-9]$/.test(event.key)) {
      const section = sections[Number(event.key) - 1];
      return section ? { type: 'section', screen: section.screen } : null;
    }
    const key = event.key.toLowerCase();
    if (key === 'f') return { type: 'search' };
    if (key === 'j') return { type: 'jobs' };
    if (event.key === 'Enter') return { type: 'run' };
    if (event.key === '=' || event.key === '+') return { type: 'textSize', step: 1 };
    if (event.key === '-') return { type: 'textSize', step: -1 };
    if (event.key === '0') return { type: 'textSize', step: 0 };
    return null;
  }
  if (event.altKey || typing(event.target)) return null;
  if (event.key === '?') return { type: 'help' };
  if (event.key === '/') return { type: 'search' };
  return null;
}
