import type { InputSchema } from './schema';

/**
 * Where in the input a problem is, as the form shows it: the field's label and the row of a
 * list ("/startUrls/0/url" → "Start URLs, row 1"), never its JSON path.
 */
export function fieldLabel(schema: Pick<InputSchema, 'properties'> | null, path: string): string {
  const [name, ...rest] = path
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (!name) return 'The input';
  const words = [schema?.properties[name]?.title?.trim() || name];
  for (const part of rest) if (/^\d+$/.test(part)) words.push(`row ${Number(part) + 1}`);
  return words.join(', ');
}
