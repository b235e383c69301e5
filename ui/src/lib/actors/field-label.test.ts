import { describe, expect, it } from 'vitest';
import { fieldLabel } from './field-label';

const schema = { properties: { startUrls: { title: 'Start URLs', type: 'array' }, 'a/b': { title: 'Odd name', type: 'string' }, bare: { type: 'string' } } } as never;

describe('field labels', () => {
  it('names a field by its label and a list entry by its row, never by a JSON path', () => {
    expect(fieldLabel(schema, '/startUrls/0/url')).toBe('Start URLs, row 1');
    expect(fieldLabel(schema, '/startUrls/11')).toBe('Start URLs, row 12');
    expect(fieldLabel(schema, '/a~1b')).toBe('Odd name');
    // Without a title, the name is all there is.
    expect(fieldLabel(schema, '/bare')).toBe('bare');
    expect(fieldLabel(schema, '')).toBe('The input');
    expect(fieldLabel(null, '/startUrls/0')).toBe('startUrls, row 1');
  });
});
