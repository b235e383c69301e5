import type { JsonValue } from '../../../lib/backend/bindings/serde_json/JsonValue';
import type { SchemaProperty } from '../../../lib/actors/schema';

/** What every editor gets: its field, its value (undefined: not set), and how to change it. */
export interface EditorProps {
  id: string;
  property: SchemaProperty;
  value: JsonValue | undefined;
  onchange: (value: JsonValue | undefined) => void;
}

export function isType(property: SchemaProperty, type: string): boolean {
  return Array.isArray(property.type) ? property.type.includes(type) : property.type === type;
}

export function placeholderOf(property: SchemaProperty): string {
  const shown = property.default ?? property.example;
  if (shown === undefined || shown === null) return '';
  return typeof shown === 'string' ? shown : JSON.stringify(shown);
}
