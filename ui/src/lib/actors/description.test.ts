import { describe, expect, it } from 'vitest';
import { renderDescription } from './description';

describe('renderDescription', () => {
  it('keeps the small HTML subset and web links, and drops scripts, images and other links', () => {
    const target = document.createElement('div');
    const opened: string[] = [];
    renderDescription(
      'Use <b>bold</b>, <code>code</code> and <a href="https://docs.apify.com">docs</a>.<br>' +
        '<script>window.hacked = 1</script><img src="x" onerror="window.hacked = 2">' +
        '<a href="javascript:alert(1)">bad link</a> <span style="color:red">plain</span>',
      target,
      (url) => opened.push(url),
    );
    expect(target.innerHTML).toBe(
      'Use <b>bold</b>, <code>code</code> and <a href="https://docs.apify.com">docs</a>.<br>bad link plain',
    );
    expect((window as unknown as { hacked?: number }).hacked).toBeUndefined();
    target.querySelector('a')?.click();
    expect(opened).toEqual(['https://docs.apify.com']);
  });
});
