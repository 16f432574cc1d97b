/** Hide PII masking exactly as Sessionboard documents it: `j***@a***.com`, `***-***-4567`. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const dot = domain.lastIndexOf('.');
  const tld = dot >= 0 ? domain.slice(dot) : '';
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***${tld}`;
}

/** Keeps only the last four digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `***-***-${digits.slice(-4)}`;
}

/** Masks the personal fields of a record (email, phone, contactEmail) when Hide PII is on. */
export function maskPii<T extends Record<string, unknown>>(record: T): T {
  const out: Record<string, unknown> = { ...record };
  for (const key of ['email', 'contactEmail'])
    if (typeof out[key] === 'string') out[key] = maskEmail(out[key] as string);
  if (typeof out.phone === 'string') out.phone = maskPhone(out.phone);
  return out as T;
}
