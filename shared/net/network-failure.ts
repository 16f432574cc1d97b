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

const NEXT_STEP =
  'Check your internet connection (and VPN/proxy), then try again. If only this service fails, it may be down.';

/**
 * Why a request never got an answer, in plain words (`<lead> <host>: <why>.`), and what to do: from the error's `code` (node:http) or its
 * `cause.code` (fetch). A certificate problem gets its own advice: on a network that inspects HTTPS, the fix is the
 * company's root certificate, never turning verification off.
 */
export function networkFailure(
  error: unknown,
  options: { write?: boolean } = {},
): { why: string; next: string; lead: string } {
  const code = String(
    (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code ?? '',
  );
  // undici (fetch) reports a connection the server closed under the request as UND_ERR_SOCKET ("other side closed").
  if (options.write && (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')) {
    return {
      lead: 'No answer from',
      why: 'the connection dropped before the answer came',
      next: 'It may have been carried out anyway: check in the service before trying it again.',
    };
  }
  if (code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN') {
    return {
      lead: 'Could not reach',
      why: 'the stored credential contains characters that cannot be sent in an HTTP header',
      next: 'Copy the token again (without spaces or line breaks) and update the connection with `bridgekeeper connections add`.',
    };
  }
  if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return {
      lead: 'Could not reach',
      why: `it did not answer with HTTPS (${code})`,
      next: 'Check the address: the port may serve plain HTTP, or something in between (proxy, antivirus) is interfering.',
    };
  }
  if (code.startsWith('HPE_')) {
    return {
      lead: 'Could not reach',
      why: `it sent an answer that is not valid HTTP (${code})`,
      next: 'Check the address; if it is right, the service (or a proxy in between) is misbehaving: try again later.',
    };
  }
  if (CERTIFICATE_CODES.has(code)) {
    return {
      lead: 'Could not reach',
      why:
        code === 'CERT_HAS_EXPIRED'
          ? `its security certificate has expired (${code})`
          : `its security certificate could not be verified (${code})`,
      next: 'If your network inspects HTTPS (a company proxy or antivirus), ask IT for its root certificate and start Bridgekeeper with NODE_EXTRA_CA_CERTS pointing at it. Otherwise check the address: the service may be misconfigured.',
    };
  }
  const why: Record<string, string> = {
    ENOTFOUND: 'its name could not be resolved',
    EAI_AGAIN: 'its name could not be resolved (DNS did not answer)',
    ECONNREFUSED: 'the connection was refused',
    ECONNRESET: 'the connection was reset',
    UND_ERR_SOCKET: 'the connection was closed before the answer came',
    UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
    ETIMEDOUT: 'the connection timed out',
    ENETUNREACH: 'the network is unreachable',
    EHOSTUNREACH: 'the host is unreachable',
  };
  // fetch says only "fetch failed"; the reason is its cause.
  const cause = (error as { cause?: unknown })?.cause;
  const message = (cause instanceof Error ? cause.message : error instanceof Error ? error.message : '').slice(0, 200);
  return {
    lead: 'Could not reach',
    why: why[code] ?? (code || message || 'the network request failed'),
    next: NEXT_STEP,
  };
}
