import os from 'node:os';
import { callLoad } from './call-load.js';
import { canarySweep } from './canary-sweep.js';
import { faultMatrix } from './fault-matrix.js';
import { type PartFigures, figuresTable } from './figures.js';
import { killCliAdds, killStoreWriters } from './kill-nine.js';
import { multiGateway } from './multi-gateway.js';
import { redirectBinding } from './redirect-binding.js';
import { stdinFuzz } from './stdin-fuzz.js';

/** How hard each part pushes: `fast` is what `npm test` runs (test/proof/proof.test.ts), `full` is `npm run proof`. */
export const SCALES = {
  fast: {
    stdin: { frames: 1500, probeEvery: 100, hugeLines: 1, timeLimitMs: 60_000 },
    faults: { rounds: 1, callTimeoutMs: 2000 },
    canary: { rounds: 1 },
    redirects: { rounds: 1 },
    storeKills: { kills: 10, timeLimitMs: 60_000 },
    cliKills: { kills: 12, timeLimitMs: 90_000 },
    gateways: { gateways: 2, changes: 8, timeLimitMs: 60_000 },
    load: { calls: 500, concurrentCalls: 64, concurrency: 16, samples: 10, timeLimitMs: 60_000, judgeMemory: false },
  },
  full: {
    stdin: { frames: 40_000, probeEvery: 500, hugeLines: 4, timeLimitMs: 15 * 60_000 },
    faults: { rounds: 3, callTimeoutMs: 2000 },
    canary: { rounds: 3 },
    redirects: { rounds: 4 },
    storeKills: { kills: 120, timeLimitMs: 10 * 60_000 },
    cliKills: { kills: 100, timeLimitMs: 10 * 60_000 },
    gateways: { gateways: 5, changes: 60, timeLimitMs: 10 * 60_000 },
    load: {
      calls: 10_000,
      concurrentCalls: 2_000,
      concurrency: 16,
      samples: 40,
      timeLimitMs: 15 * 60_000,
      judgeMemory: true,
    },
  },
} as const;

export type Scale = keyof typeof SCALES;

/** Runs every part, one after the other (the machine's cores go to the processes under test). */
export async function runSuite(scale: Scale, log: (line: string) => void = () => undefined): Promise<PartFigures[]> {
  const s = SCALES[scale];
  const parts: Array<[string, () => Promise<PartFigures>]> = [
    ['stdin fuzz', () => stdinFuzz(s.stdin)],
    ['fault matrix', () => faultMatrix(s.faults)],
    ['canary sweep', () => canarySweep(s.canary)],
    ['redirects', () => redirectBinding(s.redirects)],
    ['store kills', () => killStoreWriters(s.storeKills)],
    ['CLI kills', () => killCliAdds(s.cliKills)],
    ['gateways', () => multiGateway(s.gateways)],
    ['load', () => callLoad(s.load)],
  ];
  const results: PartFigures[] = [];
  for (const [name, run] of parts) {
    log(`proof: ${name}…`);
    const figures = await run();
    log(
      `proof: ${name}: tried ${figures.tried}, failed ${figures.failed}, lost ${figures.lost}, found ${figures.found} (${figures.ok ? 'pass' : 'FAIL'})`,
    );
    results.push(figures);
  }
  return results;
}

/** The machine the figures were measured on. */
export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.platform()} ${os.release()} ${os.arch()}, Node ${process.version}`;
}

const METHOD = `Every part drives the real built product (\`bin/bridgekeeper.js\`, \`dist/\`) as users run it: real processes, real stdio,
real HTTP servers on 127.0.0.1 (test/simulators, test/proof/fault-upstream.ts), the real keychain (a throwaway
gnome-keyring through scripts/with-test-keyring.sh). No traffic leaves the machine: known services' hosts are mapped
to loopback ports. Every loop is bounded in count and time; random choices use a fixed seed.

- **stdin fuzz**: invalid JSON, non-RPC JSON, wrong types, unknown methods and tools, batches, deep nesting, invalid
  UTF-8, NULs, big lines and lines over 10 MiB, stray responses, a second initialize, and requests before
  \`initialize\`, written to \`bridgekeeper mcp\`'s stdin; a \`ping\` probe every few hundred frames. failed = crashes +
  stdout lines that are not one JSON-RPC message + requests served before initialize; lost = probes not answered.
- **upstream fault matrix**: one remote MCP connection to a server that answers \`tools/call\` with the named fault
  (timeouts, 5xx, 429 with and without Retry-After, resets, bad JSON, wrong ids and shapes, huge and slow bodies,
  SSE faults, JSON-RPC error codes) and a refused connection. failed = a case not answered with \`isError\` and a
  clear text; lost = gateway crashes.
- **canary sweep**: an upstream that quotes the credential in every field it controls and in HTTP error bodies and
  headers; found = outputs (store, audit, logs, CLI stdout/stderr, gateway answers and stderr, app replies, and the
  built renderer's DOM in headless Chromium on each screen of the connection, with every RPC reply it received) that
  contain it; failed also counts renderer screens that could not be walked.
- **redirects**: every service's live check pointed at a server answering 301/302/303/307/308 to another port,
  host name or scheme; found = requests that carried the credential there.
- **kill -9**: of store writers mid read-modify-write (failed = unreadable stores + next writes that waited ≥ 1 s for
  a dead process's lock; lost = connections gone) and of \`connections add\` (lost = connections without their
  secret; found = orphaned keychain secrets).
- **gateways**: N gateways on one store while the CLI adds, removes and re-polices connections; found = gateways not
  converged on a fresh gateway's tool list within 20 s.
- **load**: sequential then concurrent tool calls through the gateway, its RSS sampled during the sequential run;
  failed = failed calls, and 1 when the RSS floor (lowest sample: garbage collection makes RSS a sawtooth) of the
  last quarter exceeds that of the second quarter (the first is warm-up) by more than 16 MiB or 15 %.`;

/** PROOF.md: the table, the machine and the method. */
export function proofDocument(parts: PartFigures[], scale: Scale, when = new Date()): string {
  const pass = parts.every((p) => p.ok);
  return `# Proof: reliability and security figures

Measured by \`npm run proof\` (scale \`${scale}\`) on ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC.
Machine: ${machine()}.
Verdict: ${pass ? 'every part passed' : `${parts.filter((p) => !p.ok).length} part(s) FAILED`}.

${figuresTable(parts)}

## Method

${METHOD}

The fast scale of the same parts runs in \`npm test\` (test/proof/proof.test.ts) with assertions on these figures.
`;
}
