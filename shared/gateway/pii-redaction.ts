const EMAIL =
  /\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9])[A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.([A-Za-z]{2,24})\b/g;
// Phone numbers with the usual grouping: optional +country, (area) or area, then 3 + 4 digits.
const PHONE = /(?<![\w*])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[\s.-])\d{3,4}[\s.-]\d{4}(?![\w])/g;

/** Masks emails as `j***@a***.com` (Sessionboard's Hide PII style). */
export function maskEmails(text: string): string {
  return text.replace(
    EMAIL,
    (_m, first: string, domainFirst: string, tld: string) => `${first}***@${domainFirst}***.${tld}`,
  );
}

/** Masks phone numbers as `***-***-4567`. */
export function maskPhones(text: string): string {
  return text.replace(PHONE, (m) => `***-***-${m.replace(/\D/g, '').slice(-4)}`);
}

/** Masks emails and phone numbers in one string. */
export function redactPiiText(text: string): string {
  return maskPhones(maskEmails(text));
}

/** Masks emails and phone numbers in every string inside a JSON value (keys are kept). */
export function redactPiiValue(value: unknown): unknown {
  if (typeof value === 'string') return redactPiiText(value);
  if (Array.isArray(value)) return value.map(redactPiiValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactPiiValue(v)]));
  }
  return value;
}
