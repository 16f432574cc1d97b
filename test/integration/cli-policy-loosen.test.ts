/**
 * Rules only a person can loosen: the built CLI refuses to loosen a policy when stdin is not a terminal (a script or
 * an assistant's shell), asks a person at a real pseudo-terminal to type the connection's name, and every policy
 * change lands in the audit log with who made it. Tightening works anywhere.
 */
import { describe, expect, it } from 'vitest';
import { readActivity } from '../../shared/audit/read-activity.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { runCliInTerminal } from '../helpers/terminal.js';

const TOKEN = 'imb_pat_LOOSENtest0123456789abcd';

describe('loosening a rule from the CLI needs a person at a terminal', { timeout: 120_000 }, () => {
  const home = tempDir('bk-loosen-');
  const env = { BRIDGEKEEPER_HOME: home };

  it('tightens without asking, refuses to loosen without a terminal, and says to use the app', async () => {
    const added = await runCli(['connections', 'add', 'imboard', '--label', 'Board', '--offline', '--token-stdin'], {
      env,
      input: TOKEN,
    });
    expect(added.code, added.stderr).toBe(0);
    const tightened = await runCli(['tools', 'Board', '--read-only', 'on', '--disable', 'list_boards'], { env });
    expect(tightened.code, tightened.stderr).toBe(0);
    for (const flags of [
      ['--read-only', 'off'],
      ['--enable', 'list_boards'],
      ['--show-unusable', 'on'],
    ]) {
      const refused = await runCli(['tools', 'Board', ...flags], { env, input: 'Board\n' });
      expect(refused.code, flags.join(' ')).toBe(2);
      expect(refused.stderr).toContain('needs a person at an interactive terminal');
      expect(refused.stderr).toContain('Bridgekeeper app');
    }
    const list = JSON.parse((await runCli(['connections', 'list', '--json'], { env })).stdout) as Array<{
      policies: { readOnly: boolean; disabledTools: string[] };
    }>;
    expect(list[0]!.policies).toMatchObject({ readOnly: true, disabledTools: ['list_boards'] });
  });

  it('loosens at a real terminal only after the connection name is typed, and audits who changed what', async () => {
    const wrong = await runCliInTerminal(['tools', 'Board', '--read-only', 'off'], env, /to confirm: /, 'yes\r');
    expect(wrong.code).toBe(2);
    expect(wrong.screen).toContain('Not confirmed: nothing was changed');
    const right = await runCliInTerminal(['tools', 'Board', '--read-only', 'off'], env, /to confirm: /, 'board\r');
    expect(right.code, right.screen).toBe(0);
    expect(right.screen).toContain("This loosens the rules for 'Board': read-only off.");
    const records = readActivity(home, {}).filter((r) => r.policyChange);
    expect(records.map((r) => r.policyChange)).toEqual(
      expect.arrayContaining([
        { by: 'cli', changes: ['read-only on', 'tool list_boards turned off'] },
        { by: 'cli', changes: ['read-only off'] },
      ]),
    );
    expect(records).toHaveLength(2);
  });
});
