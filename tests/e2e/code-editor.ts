import { $, browser } from '@wdio/globals';

/**
 * Replaces the text of a code editor (CodeMirror: `selector` names its editable element, which
 * carries the field's id or test id) by typing, as a person would: select all, delete, type.
 */
export async function typeCode(selector: string, text: string): Promise<void> {
  await $(selector).click();
  await browser.keys(['Control', 'a']);
  await browser.keys('Backspace');
  // `browser.keys` presses its keys as one chord (a repeated letter is lost): the element's own
  // send-keys types them one after another, after what the editor holds (nothing, now).
  await $(selector).addValue(text);
}

/** A code editor's text as drawn, line by line (CodeMirror draws the lines in view: short texts). */
export async function codeText(selector: string): Promise<string> {
  // CodeMirror loads with the first code editor shown.
  await $(selector).waitForExist();
  return browser.execute((editable: string) => {
    const content = document.querySelector(editable);
    if (!content) throw new Error(`no code editor at ${editable}`);
    return [...content.querySelectorAll('.cm-line')]
      .map((line) => {
        const copy = line.cloneNode(true) as HTMLElement;
        for (const hint of copy.querySelectorAll('.cm-placeholder')) hint.remove();
        return copy.textContent ?? '';
      })
      .join('\n');
  }, selector);
}
