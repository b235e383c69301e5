import { browser } from '@wdio/globals';
import { findLeaks } from './leaks.ts';

/**
 * The page's source and the current value of every input and text area: a token typed into a
 * field is in its value, which the page source does not show.
 */
export async function pageLeaks(tokens: readonly string[]): Promise<string[]> {
  const source = await browser.getPageSource();
  const values = await browser.execute(() =>
    [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].map(
      (field) => field.value,
    ),
  );
  return [
    ...findLeaks(source, tokens).map((leak) => `page source: ${leak}`),
    ...values.flatMap((value, index) => findLeaks(value, tokens).map((leak) => `field ${index}: ${leak}`)),
  ];
}
