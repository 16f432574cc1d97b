import type { TokenIntrospection } from '../../use-cases/introspect.js';
import { describeExpiry } from './relative-time.js';

const pad = (label: string) => `${label.padEnd(12)}  `;

/** A readable description of an offline token introspection, for `bridgekeeper inspect`. */
export function renderIntrospection(result: TokenIntrospection, now: Date = new Date()): string {
  const lines = [`${pad('Kind')}${result.kindLabel}`];
  lines.push(
    `${pad('Service')}${result.guessedServiceName ? `${result.guessedServiceName} (guessed from the token alone)` : 'unknown'}`,
  );
  lines.push(
    `${pad('Token')}${result.maskedToken} (${result.length} characters${result.isSecret ? ', secret' : ', not a secret'})`,
  );
  if (result.jwt) {
    const j = result.jwt;
    lines.push(`${pad('JWT claims')}UNVERIFIED (decoded without checking the signature)`);
    const rows: Array<[string, string | undefined]> = [
      ['algorithm', j.algorithm],
      ['subject', j.subject],
      ['email', j.email],
      ['issuer', j.issuer],
      ['audience', j.audience.join(', ') || undefined],
      ['scopes', j.scopes.join(' ') || undefined],
      ['issued at', j.issuedAt],
      ['not before', j.notBefore],
    ];
    for (const [k, v] of rows) if (v) lines.push(`  ${k.padEnd(10)}  ${v}`);
  }
  if (result.expiresAt !== undefined || result.jwt)
    lines.push(`${pad('Expires')}${describeExpiry(result.expiresAt, now)}`);
  result.notes.forEach((n, i) => lines.push(`${i === 0 ? pad('Notes') : ' '.repeat(14)}- ${n}`));
  return lines.join('\n');
}
