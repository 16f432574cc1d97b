import { startGenericMcpSimulator } from '../test/simulators/generic-mcp-server.js';

/**
 * Runs the benchmark's upstream simulators in their own process (so they never compete with the clients being
 * measured for the benchmark process's event loop). argv[2] = JSON array of latencies in ms. Prints one JSON line
 * describing the simulators, then serves until stdin closes.
 */
const latencies = JSON.parse(process.argv[2] ?? '[0]') as number[];
const sims = await Promise.all(latencies.map((_, i) => startGenericMcpSimulator({ host: `mcp.bench-${i}.example` })));
sims.forEach((sim, i) => sim.setLatency(latencies[i]!));
process.stdout.write(
  `${JSON.stringify(sims.map((s) => ({ url: s.url, endpoint: s.endpoint, hostOverrides: s.hostOverrides, tokens: s.tokens })))}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void Promise.all(sims.map((s) => s.close())).finally(() => process.exit(0));
});
