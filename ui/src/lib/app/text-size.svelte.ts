import { preferences } from '../preferences/preferences.svelte';

/**
 * The size of the page's text: the system's text scaling (from Rust) times the user's own zoom
 * (Ctrl+= and Ctrl+-, kept between starts). Every size in the page is in rem, so all of it
 * follows the root's font size.
 */
const KEY = 'textZoom';
const STEPS = [0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const;

class TextSize {
  system = $state(1);
  zoom = $state(1);

  follow(systemScale: number): void {
    this.system = systemScale;
    this.zoom = Number(preferences.get(KEY)) || 1;
    this.#apply();
  }

  step(direction: -1 | 0 | 1): void {
    const index = STEPS.findIndex((s) => s >= this.zoom);
    const at = index === -1 ? STEPS.length - 1 : index;
    const next = direction === 0 ? 1 : STEPS[Math.min(STEPS.length - 1, Math.max(0, at + direction))];
    this.zoom = next ?? 1;
    preferences.set(KEY, this.zoom);
    this.#apply();
  }

  #apply(): void {
    document.documentElement.style.setProperty('--text-scale', String(this.system * this.zoom));
  }
}

export const textSize = new TextSize();
