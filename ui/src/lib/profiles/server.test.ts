import { describe, expect, it } from 'vitest';
import { isApifyServer, serverWords } from './server';

describe('API server words', () => {
  it('says Apify for its own server, the sandbox for the bundled one, and the address otherwise', () => {
    expect(isApifyServer('https://api.apify.com')).toBe(true);
    expect(isApifyServer('http://127.0.0.1:9000')).toBe(false);
    expect(isApifyServer(null)).toBe(false);
    expect(serverWords({ apiBaseUrl: 'https://api.apify.com', sandbox: false })).toBe('Apify');
    expect(serverWords({ apiBaseUrl: 'http://127.0.0.1:9000', sandbox: true })).toBe('the practice sandbox on this computer');
    expect(serverWords({ apiBaseUrl: 'https://apify.example.com', sandbox: false })).toBe('https://apify.example.com');
  });
});
