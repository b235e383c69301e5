import { describe, expect, it } from 'vitest';
import { jsonProblem, prefilled, sections, withoutSecrets, type InputSchema } from './schema';

const schema: InputSchema = {
  properties: {
    url: { title: 'URL', type: 'string', editor: 'textfield', prefill: 'https://apify.com' },
    count: { title: 'Count', type: 'integer', editor: 'number', default: 5 },
    password: { title: 'Password', type: 'string', editor: 'textfield', isSecret: true, sectionCaption: 'Login' },
    user: { title: 'User', type: 'string', editor: 'textfield' },
  },
};

describe('input schema helpers', () => {
  it('fills the prefill, leaves a default to the platform, and cuts sections', () => {
    expect(prefilled(schema)).toEqual({ url: 'https://apify.com' });
    expect(sections(schema)).toEqual([
      { caption: null, description: null, names: ['url', 'count'] },
      { caption: 'Login', description: null, names: ['password', 'user'] },
    ]);
  });

  it('keeps secrets out of drafts', () => {
    expect(withoutSecrets(schema, { url: 'x', password: 'hunter2', user: 'ann' })).toEqual({ url: 'x', user: 'ann' });
  });

  it('says where JSON breaks, by line and column', () => {
    expect(jsonProblem('{"a": 1}')).toBeNull();
    expect(jsonProblem('{\n  "a": 1,\n  "b": }')).toBe('Invalid JSON at line 3, column 8.');
    expect(jsonProblem('{"a": [1, 2,]}')).toBe('Invalid JSON at line 1, column 13.');
    expect(jsonProblem('{"a": "x\\q"}')).toBe('Invalid JSON at line 1, column 10.');
    expect(jsonProblem('{"a": 1} x')).toBe('Invalid JSON at line 1, column 10.');
    expect(jsonProblem('{"a": 1')).toBe('Invalid JSON at line 1, column 8.');
    // The scanner agrees with the engine on what is valid.
    for (const text of ['[]', '{"a":{"b":[true,false,null,-1.5e3,"\\u00e9"]}}', '"x"', ' 0 ', '[01]', '{,}', 'tru', '-']) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(jsonProblem(text) === null, text).toBe(valid);
    }
  });
});
