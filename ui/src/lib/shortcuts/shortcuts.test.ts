import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

function press(key: string, options: KeyboardEventInit = {}, target?: HTMLElement): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, ...options });
  if (target) {
    document.body.append(target);
    target.dispatchEvent(event);
    target.remove();
  }
  return event;
}

describe('shortcutFor', () => {
  it('answers the sections by number, search, jobs, run and help', () => {
    expect(shortcutFor(press('1', { ctrlKey: true }))).toEqual({ type: 'section', screen: 'actors' });
    expect(shortcutFor(press('3', { ctrlKey: true }))).toEqual({ type: 'section', screen: 'schedules' });
    expect(shortcutFor(press('6', { ctrlKey: true }))).toEqual({ type: 'section', screen: 'queues' });
    expect(shortcutFor(press('8', { ctrlKey: true }))).toEqual({ type: 'section', screen: 'settings' });
    expect(shortcutFor(press('9', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press('F', { ctrlKey: true }))).toEqual({ type: 'search' });
    expect(shortcutFor(press('j', { ctrlKey: true }))).toEqual({ type: 'jobs' });
    expect(shortcutFor(press('Enter', { ctrlKey: true }))).toEqual({ type: 'run' });
    expect(shortcutFor(press('=', { ctrlKey: true }))).toEqual({ type: 'textSize', step: 1 });
    expect(shortcutFor(press('0', { ctrlKey: true }))).toEqual({ type: 'textSize', step: 0 });
    expect(shortcutFor(press('?'))).toEqual({ type: 'help' });
    expect(shortcutFor(press('/'))).toEqual({ type: 'search' });
    expect(shortcutFor(press('a'))).toBeNull();
  });

  it('leaves a key the focused widget took to it (the code editor\'s own Ctrl+F)', () => {
    const taken = new KeyboardEvent('keydown', { key: 'f', ctrlKey: true, cancelable: true });
    taken.preventDefault();
    expect(shortcutFor(taken)).toBeNull();
  });

  it('leaves ? and / to a field being typed in', () => {
    const field = document.createElement('input');
    expect(shortcutFor(press('?', {}, field))).toBeNull();
    expect(shortcutFor(press('/', {}, field))).toBeNull();
    expect(shortcutFor(press('2', { ctrlKey: true }, field))).toEqual({ type: 'section', screen: 'runs' });
  });
});
