/**
 * The language numbers are written in: the browser's, which is the person's choice. A system
 * without a language setting gives the page a bare POSIX locale ("c", which Intl refuses, or
 * one without digit grouping); English is used then.
 */
export const locale = (() => {
  try {
    const language = navigator.language;
    return language && Intl.NumberFormat.supportedLocalesOf([language]).length > 0 && !/^(c|posix)\b/i.test(language) ? language : 'en';
  } catch {
    return 'en';
  }
})();

/** A count as the user's language writes it ("100,000"). */
export function count(value: number): string {
  return value.toLocaleString(locale);
}

/** `$1.23`; amounts under a cent show with more digits so they do not read as nothing. */
export function dollars(amount: number): string {
  const digits = amount > 0 && amount < 0.01 ? 4 : 2;
  return `$${amount.toFixed(digits)}`;
}

// The words are English, so English plural rules choose between them; the digits follow the
// person's language.
const plurals = new Intl.PluralRules('en');

/** A count with its noun, singular or plural as the count asks: "1 key", "100,000 items". */
export function counted(value: number, one: string, other: string): string {
  return `${count(value)} ${plurals.select(value) === 'one' ? one : other}`;
}
