import { describe, expect, it } from 'vitest';
import { listClientScenarios, readBaseline, runScenario, type ScenarioVerdict } from './conformance-suite.js';

// The MCP project's conformance suite (pinned in package.json) with Bridgekeeper as the client: every client
// scenario must pass unless conformance-baseline.json lists it with a reason, and a listed scenario that passes
// fails the test too (remove it from the baseline), so the baseline stays honest.
// `npm test` runs FAST_SCENARIOS; BRIDGEKEEPER_CONFORMANCE=full runs every client scenario of the suite.
const FAST_SCENARIOS = [
  'initialize',
  'tools_call',
  'auth/metadata-default',
  'auth/pre-registration',
  'auth/2025-03-26-oauth-endpoint-fallback',
  'auth/scope-retry-limit',
  'auth/scope-step-up',
  'sse-retry',
  'elicitation-sep1034-client-defaults',
];
const full = process.env.BRIDGEKEEPER_CONFORMANCE === 'full';
const baseline = readBaseline();
const scenarios = full ? await listClientScenarios() : FAST_SCENARIOS;

function describeVerdict(v: ScenarioVerdict): string {
  return `${v.scenario} ${v.passed ? 'passed' : 'failed'} in ${(v.durationMs / 1000).toFixed(1)} s${v.problems.length ? `:\n  ${v.problems.join('\n  ')}` : ''}\n--- suite and client output ---\n${v.log.slice(-6000)}`;
}

describe(`MCP conformance suite, client scenarios (${full ? 'full' : 'fast set'})`, () => {
  it('knows every scenario its baseline names', { timeout: 60_000 }, async () => {
    const all = full ? scenarios : await listClientScenarios();
    expect(Object.keys(baseline).filter((name) => !all.includes(name))).toEqual([]);
  });

  for (const scenario of scenarios) {
    const expectedFailure = baseline[scenario];
    it(`${scenario} ${expectedFailure ? 'still fails (baseline)' : 'passes'}`, { timeout: 150_000 }, async () => {
      const verdict = await runScenario(scenario);
      if (expectedFailure) {
        expect(
          verdict.passed,
          `${scenario} now passes: remove it from test/conformance/conformance-baseline.json.\n${describeVerdict(verdict)}`,
        ).toBe(false);
      } else {
        expect(verdict.passed, describeVerdict(verdict)).toBe(true);
      }
    });
  }

  it(
    'uses a Client ID Metadata Document URL as client id when one is configured (auth/basic-cimd)',
    { timeout: 150_000 },
    async () => {
      // The scenario expects the document URL its own example client uses.
      const verdict = await runScenario('auth/basic-cimd', {
        env: { BRIDGEKEEPER_CLIENT_METADATA_URL: 'https://conformance-test.local/client-metadata.json' },
      });
      expect(verdict.passed, describeVerdict(verdict)).toBe(true);
    },
  );
});
