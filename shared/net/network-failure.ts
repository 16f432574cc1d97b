/** Node and OpenSSL codes meaning the server's certificate could not be verified. */
const CERTIFICATE_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const NEXT_STEP = 'Check your internet connection (and VPN/proxy), then try again. If only this service fails, it may be down.';

/**
 * Why a request never got an answer, in plain words, and what to do: from the error's `code` (node:http) or its
 * `cause.code` (fetch). A certificate problem gets its own advice: on a network that inspects HTTPS, the fix is the
 * company's root certificate, never turning verification off.
 */
export function networkFailure(error: unknown): { why: string; next: string } {
  const code = String((error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code ?? '');
  if (CERTIFICATE_CODES.has(code)) {
    return {
      why: code === 'CERT_HAS_EXPIRED' ? `its security certificate has expired (${code})` : `its security certificate could not be verified (${code})`,
      next:
        'If your network inspects HTTPS (a company proxy or antivirus), ask IT for its root certificate and start Bridgekeeper with NODE_EXTRA_CA_CERTS pointing at it. Otherwise check the address: the service may be misconfigured.',
    };
  }
  const why: Record<string, string> = {
    ENOTFOUND: 'its name could not be resolved',
    EAI_AGAIN: 'its name could not be resolved (DNS did not answer)',
    ECONNREFUSED: 'the connection was refused',
    ECONNRESET: 'the connection was reset',
    ETIMEDOUT: 'the connection timed out',
    ENETUNREACH: 'the network is unreachable',
    EHOSTUNREACH: 'the host is unreachable',
  };
  const message = error instanceof Error ? error.message.slice(0, 200) : '';
  return { why: why[code] ?? (code || message || 'the network request failed'), next: NEXT_STEP };
}
