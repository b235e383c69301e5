import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { editors } from './registry';

/** Every `editor` enum value anywhere in Apify's own input schema (../shared/apify-schemas). */
function allowedEditors(): Set<string> {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
  const schema: unknown = JSON.parse(readFileSync(path.join(repo, '../shared/apify-schemas/input.schema.json'), 'utf8'));
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    const editor = (record.properties as Record<string, { enum?: unknown }> | undefined)?.editor;
    if (Array.isArray(editor?.enum)) for (const name of editor.enum) found.add(String(name));
    Object.values(record).forEach(walk);
  };
  walk(schema);
  return found;
}

describe('the editor registry', () => {
  it('has a component for every editor Apify allows, and none it does not', () => {
    const allowed = allowedEditors();
    expect(allowed.size).toBe(19);
    expect(new Set(Object.keys(editors))).toEqual(allowed);
    for (const component of Object.values(editors)) expect(typeof component()).toBe('function');
  });
});
