import type { JsonValue } from '../backend/bindings/serde_json/JsonValue';

/** One field of an Actor's input schema, as far as the form reads it. */
export interface SchemaProperty {
  title?: string;
  type?: string | string[];
  editor?: string;
  description?: string;
  sectionCaption?: string;
  sectionDescription?: string;
  prefill?: JsonValue;
  default?: JsonValue;
  example?: JsonValue;
  nullable?: boolean;
  isSecret?: boolean;
  enum?: string[];
  enumTitles?: string[];
  enumSuggestedValues?: string[];
  unit?: string;
  minimum?: number;
  maximum?: number;
  groupCaption?: string;
  groupDescription?: string;
  dateType?: 'absolute' | 'relative' | 'absoluteOrRelative';
  resourceType?: string;
  placeholderKey?: string;
  placeholderValue?: string;
  properties?: Record<string, SchemaProperty>;
  required?: string[];
  items?: SchemaProperty & { enum?: string[]; enumTitles?: string[] };
}

export interface InputSchema {
  title?: string;
  description?: string;
  properties: Record<string, SchemaProperty>;
  required?: string[];
}

export type Input = Record<string, JsonValue>;

export interface Section {
  caption: string | null;
  description: string | null;
  names: string[];
}

/** Fields in schema order, cut into sections where a field starts one (`sectionCaption`). */
export function sections(schema: InputSchema): Section[] {
  const result: Section[] = [{ caption: null, description: null, names: [] }];
  for (const [name, property] of Object.entries(schema.properties)) {
    if (property.sectionCaption) {
      result.push({ caption: property.sectionCaption, description: property.sectionDescription ?? null, names: [] });
    }
    result.at(-1)?.names.push(name);
  }
  return result.filter((section) => section.names.length > 0);
}

/** What the form starts from: each field's `prefill`. A `default` is left to the platform. */
export function prefilled(schema: InputSchema): Input {
  const input: Input = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    if (property.prefill !== undefined) input[name] = property.prefill;
  }
  return input;
}

/** The input without secret fields, for a draft kept on this computer. */
export function withoutSecrets(schema: InputSchema | null, input: Input): Input {
  if (!schema) return input;
  return Object.fromEntries(Object.entries(input).filter(([name]) => !schema.properties[name]?.isSecret));
}

/** Where a JSON text breaks, as "line L, column C"; `null` when it is valid. */
export function jsonProblem(text: string): string | null {
  const at = jsonErrorOffset(text);
  if (at === null) return null;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return `Invalid JSON at line ${line}, column ${column}.`;
}

/**
 * The offset of the first character that makes `text` invalid JSON, or `null`. Engines word
 * their JSON errors differently, and some give no position, so the form finds it itself.
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text[i] ?? '';
      if (c < ' ') fail();
      if (c === '\\') {
        i++;
        const e = text[i] ?? '';
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(e) || e === '') fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '' || match[0] === '-') fail();
    i += match?.[0].length ?? 0;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value();
    space();
    return i < text.length ? i : null;
  } catch (offset) {
    return typeof offset === 'number' ? Math.min(offset, text.length) : 0;
  }
}
