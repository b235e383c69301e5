import { describe, expect, it } from 'vitest';
import { Router } from './router.svelte';

describe('Router', () => {
  it('goes back and forward through the screens the user opened, with their parameters', () => {
    const router = new Router();
    expect(router.canGoBack).toBe(false);
    router.go({ screen: 'run', runId: 'r1' });
    router.go({ screen: 'datasets', datasetId: 'd1' });
    router.back();
    expect(router.current).toEqual({ screen: 'run', runId: 'r1' });
    expect(router.canGoForward).toBe(true);
    router.forward();
    expect(router.current).toEqual({ screen: 'datasets', datasetId: 'd1' });
    router.back();
    router.go({ screen: 'settings' });
    expect(router.canGoForward).toBe(false);
    router.back();
    router.back();
    expect(router.current).toEqual({ screen: 'welcome' });
    expect(router.canGoBack).toBe(false);
  });

  it('does not stack the same screen twice, and Alt+Left goes back', () => {
    const router = new Router();
    router.go({ screen: 'actors' });
    router.go({ screen: 'actors' });
    router.handleKey(new KeyboardEvent('keydown', { key: 'ArrowLeft', altKey: true }));
    expect(router.current).toEqual({ screen: 'welcome' });
    router.handleKey(new KeyboardEvent('keydown', { key: 'ArrowLeft' }));
    expect(router.current).toEqual({ screen: 'welcome' });
  });
});
