import { EditorView } from '@codemirror/view';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Input, InputSchema } from '../../lib/actors/schema';
import InputForm from './InputForm.svelte';

afterEach(() => cleanup());

/** The code editor on an element, once loaded, typed into as a person would: the whole text replaced. */
async function editor(testid: string): Promise<{ text: () => string; type: (text: string) => void }> {
  const view = await waitFor(() => {
    const found = EditorView.findFromDOM(screen.getByTestId(testid));
    if (!found) throw new Error(`no code editor at ${testid}`);
    return found;
  });
  return {
    text: () => view.state.doc.toString(),
    type: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: 'input.type' }),
  };
}

const schema: InputSchema = {
  properties: {
    message: { title: 'Message', type: 'string', editor: 'textfield', description: 'What to say' },
    times: { title: 'Times', type: 'integer', editor: 'number', unit: 'times' },
  },
  required: ['message'],
};

describe('InputForm', () => {
  it('switches to JSON and back without losing a value, and keeps the last good input on bad JSON', async () => {
    let input: Input = { message: 'hi', times: 2 };
    const view = render(InputForm, { schema, input, problems: [], onchange: (next: Input) => (input = next) });

    await fireEvent.click(screen.getByTestId('json-mode'));
    const json = await editor('json-input');
    expect(JSON.parse(json.text())).toEqual({ message: 'hi', times: 2 });

    json.type('{"message": "hello", "times": 3');
    await Promise.resolve();
    expect(screen.getByTestId('json-problem').textContent).toMatch(/line 1/);
    // The mistake is marked in the editor too, on its line.
    expect(document.querySelector('.cm-problem-line')).not.toBeNull();
    expect(input).toEqual({ message: 'hi', times: 2 });
    expect((screen.getByTestId('form-mode') as HTMLButtonElement).disabled).toBe(true);

    json.type('{"message": "hello", "times": 3}');
    await Promise.resolve();
    expect(input).toEqual({ message: 'hello', times: 3 });
    await view.rerender({ schema, input, problems: [], onchange: (next: Input) => (input = next) });
    await fireEvent.click(screen.getByTestId('form-mode'));
    expect((document.getElementById('field-message') as HTMLInputElement).value).toBe('hello');
    expect((document.getElementById('field-times') as HTMLInputElement).value).toBe('3');
  });

  it('shows each problem under its field', () => {
    render(InputForm, {
      schema,
      input: {},
      problems: [{ path: '/message', message: 'This field is required.' }],
      onchange: () => undefined,
    });
    const field = document.querySelector('[data-field="message"]');
    expect(field?.querySelector('[data-testid="field-problem"]')?.textContent).toBe('This field is required.');
    expect(document.querySelector('[data-field="times"] [data-testid="field-problem"]')).toBeNull();
  });
});
