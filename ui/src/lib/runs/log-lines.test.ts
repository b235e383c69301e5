import { describe, expect, it } from 'vitest';
import { locale } from '../numbers';
import { logLine, selectLines } from './log-lines';

describe('log lines', () => {
  it('shows the time on the person\'s clock and keeps the rest of the line', () => {
    const line = logLine('2026-11-26T22:04:05.123Z ACTOR: Pulling the image');
    expect(line.time).toBe(new Date('2026-11-26T22:04:05.123Z').toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }));
    expect(line.text).toBe('ACTOR: Pulling the image');
    expect(line.level).toBeNull();
    // A line without a time is shown whole.
    expect(logLine('Done.')).toEqual({ time: null, fullTime: null, text: 'Done.', level: null });
  });

  it('tells errors and warnings by their words in capitals, not by any mention', () => {
    expect(logLine('2026-11-26T22:04:05Z ERROR: The connection was refused.').level).toBe('error');
    expect(logLine('2026-11-26T22:04:05Z WARN  CheerioCrawler: Reclaiming failed request').level).toBe('warn');
    expect(logLine('2026-11-26T22:04:05Z WARNING: slow').level).toBe('warn');
    expect(logLine('2026-11-26T22:04:05Z INFO  No errors so far, no warnings').level).toBeNull();
  });

  it('selects a line by a click, a range by Shift, and adds or takes away by Ctrl', () => {
    let selected = selectLines(new Set(), null, 3, { shift: false, toggle: false });
    expect([...selected]).toEqual([3]);
    selected = selectLines(selected, 3, 6, { shift: true, toggle: false });
    expect([...selected].sort()).toEqual([3, 4, 5, 6]);
    selected = selectLines(selected, 6, 4, { shift: false, toggle: true });
    expect([...selected].sort()).toEqual([3, 5, 6]);
    // A second plain click on the only selected line clears it.
    expect(selectLines(new Set([2]), 2, 2, { shift: false, toggle: false }).size).toBe(0);
  });
});
