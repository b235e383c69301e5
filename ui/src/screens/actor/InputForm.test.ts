import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Input, InputSchema } from '../../lib/actors/schema';
import InputForm from './InputForm.svelte';

afterEach(() => cleanup());

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
    const json = screen.getByTestId('json-input') as HTMLTextAreaElement;
    expect(JSON.parse(json.value)).toEqual({ message: 'hi', times: 2 });

    await fireEvent.input(json, { target: { value: '{"message": "hello", "times": 3' } });
    expect(screen.getByTestId('json-problem').textContent).toMatch(/line 1/);
    expect(input).toEqual({ message: 'hi', times: 2 });
    expect((screen.getByTestId('form-mode') as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.input(json, { target: { value: '{"message": "hello", "times": 3}' } });
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
