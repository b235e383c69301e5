import { describe, expect, it } from 'vitest';
import { bytesText, durationText, fieldsToAsk, suggestedName } from './formats';

describe('export formats', () => {
  it('suggests a file name from the dataset, the date and the format', () => {
    const day = new Date(2026, 10, 24);
    expect(suggestedName('my products', 'xlsx', day)).toBe('my-products-2026-11-24.xlsx');
    expect(suggestedName('../../etc/passwd', 'csv', day)).toBe('..-..-etc-passwd-2026-11-24.csv');
    expect(suggestedName('', 'jsonl', day)).toBe('dataset-2026-11-24.jsonl');
    // An unnamed dataset goes by the Actor that made it and when, not by its id.
    expect(suggestedName('Generate sample items', 'xlsx', day, new Date(2026, 10, 26, 9, 19))).toBe('generate-sample-items-2026-11-26-0919.xlsx');
  });

  it('asks for no fields where the columns are every field in the dataset\'s order', () => {
    expect(fieldsToAsk(['id', 'title', 'price'], ['id', 'title', 'price'])).toEqual([]);
    expect(fieldsToAsk(['title', 'id', 'price'], ['id', 'title', 'price'])).toEqual(['title', 'id', 'price']);
    expect(fieldsToAsk(['id', 'title'], ['id', 'title', 'price'])).toEqual(['id', 'title']);
  });

  it('says sizes and times in plain words', () => {
    expect(bytesText(512)).toBe('512 bytes');
    expect(bytesText(12_345_678)).toBe('12 MB');
    expect(bytesText(1_500)).toBe('1.5 KB');
    expect(durationText(125)).toBe('2 min 5 s');
    expect(durationText(7)).toBe('7.0 s');
    expect(durationText(42.4)).toBe('42 s');
  });
});
