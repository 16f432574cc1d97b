import type http from 'node:http';
import type { Connection } from '../../shared/connections/model.js';
import { createCore } from '../../shared/connections/core.js';
import { IMBOARD_HOST } from '../../shared/providers/imboard/api-surface.js';
import { getProvider } from '../../shared/providers/registry.js';
import { SESSION_SERVICES_HOST } from '../../shared/providers/session-services/api-surface.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { tokenConnection } from '../helpers/token-connection.js';
import { startServer } from '../simulators/sim-server.js';
import { type PartFigures, timed } from './figures.js';

const CODES = [301, 302, 303, 307, 308] as const;
const KNOWN_HOSTS = [
  'public-api.sessionboard.com',
  'public-api-eu.sessionboard.com',
  'business.sessions.website',
  SESSION_SERVICES_HOST,
  IMBOARD_HOST,
];

/**
 * Credential host binding: every service's live check is pointed (host overrides, or the remote MCP URL) at a
 * server that answers each request with a 301/302/303/307/308 to another origin: another port, another host name
 * for the same machine, another scheme. The other origins record every header and body they receive. found =
 * requests that carried the credential to an origin it was not given for.
 */
export function redirectBinding(options: { rounds: number }): Promise<PartFigures> {
  return timed('credential host binding under redirects', async () => {
    const canary = `redirCanary${Math.random().toString(36).slice(2, 10)}Yp4`;
    let leaks = 0;
    let followed = 0;
    const leakedWhere = new Set<string>();
    const record =
      (origin: string): http.RequestListener =>
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          followed++;
          const seen = JSON.stringify(req.headers) + Buffer.concat(chunks).toString('utf8');
          if (seen.includes(canary)) {
            leaks++;
            leakedWhere.add(origin);
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{}');
        });
      };
    const other = await startServer(record('other port'));
    const otherTls = await startServer(record('other scheme'), 0, { tls: true });
    let target = '';
    let code: number = 302;
    let redirected = 0;
    const redirector = await startServer((req, res) => {
      redirected++;
      req.resume();
      res.writeHead(code, { location: `${target}${req.url ?? '/'}` });
      res.end();
    });
    const port = new URL(other.url).port;
    const targets = {
      'other port': other.url,
      'other host name': `http://localhost:${port}`,
      'other scheme': otherTls.url,
    };
    const saved = process.env.BRIDGEKEEPER_HOST_OVERRIDES;
    process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(
      Object.fromEntries(KNOWN_HOSTS.map((h) => [h, redirector.url])),
    );
    const core = createCore({ home: '/nonexistent-proof-home', secrets: new MemorySecretStore() });
    const connections: Connection[] = [
      tokenConnection({ id: 'c_redir0001', label: 'sb', provider: 'sessionboard', region: 'us' }),
      tokenConnection({ id: 'c_redir0002', label: 'sw', provider: 'sessions-website', metadata: { handle: 'acme' } }),
      tokenConnection({
        id: 'c_redir0003',
        label: 'ss',
        provider: 'session-services',
        metadata: { tenantId: 'tnt_01jqpj2t2kfvmstt6f6tzkbaf2' },
      }),
      tokenConnection({ id: 'c_redir0004', label: 'ib', provider: 'imboard' }),
      tokenConnection({
        id: 'c_redir0005',
        label: 'rm',
        provider: 'remote-mcp',
        metadata: { url: `${redirector.url}/mcp` },
      }),
    ];
    let tried = 0;
    try {
      for (let round = 0; round < options.rounds; round++) {
        for (const connection of connections) {
          for (const [, url] of Object.entries(targets)) {
            for (const c of CODES) {
              target = url;
              code = c;
              tried++;
              await getProvider(connection.provider)
                .whoami({ connection, secret: canary, http: core.http })
                .catch(() => undefined);
            }
          }
        }
      }
    } finally {
      if (saved === undefined) delete process.env.BRIDGEKEEPER_HOST_OVERRIDES;
      else process.env.BRIDGEKEEPER_HOST_OVERRIDES = saved;
      await Promise.all([other.close(), otherTls.close(), redirector.close()]);
    }
    const unproven = redirected < tried ? 1 : 0;
    const notes = [
      `${redirected} redirects answered`,
      `${connections.length} services × ${CODES.length} redirect codes × ${Object.keys(targets).length} kinds of other origin × ${options.rounds}`,
      `${followed} requests reached another origin`,
      `${leaks} carried the credential`,
    ];
    if (leaks) notes.push(`at: ${[...leakedWhere].join(', ')}`);
    if (unproven) notes.push('some checks never reached the redirecting server: those attempts proved nothing');
    return { tried, failed: unproven, lost: 0, found: leaks, ok: leaks === 0 && !unproven, notes };
  });
}
