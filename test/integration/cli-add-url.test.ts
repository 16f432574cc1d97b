import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

function env() {
  return { BRIDGEKEEPER_HOME: tempDir() };
}

async function labels(home: NodeJS.ProcessEnv): Promise<string[]> {
  const list = await runCli(['connections', 'list', '--json'], { env: home });
  return (JSON.parse(list.stdout) as Array<{ label: string }>).map((c) => c.label);
}

describe('connections add checks URLs when they are added, also with --offline', () => {
  it.each([
    ['http://mcp.example.com/mcp', /plain http:\/\/ to mcp\.example\.com: only HTTPS is allowed/],
    ['file:///etc/passwd', /'file:\/\/\/etc\/passwd' is a file: address: only HTTPS is allowed/],
    ['javascript:alert(1)', /'javascript:alert\(1\)' is a javascript: address: only HTTPS is allowed/],
    ['not a url', /'not a url' is not a valid URL/],
  ])('refuses remote-mcp --url %s --offline and saves nothing', async (url, message) => {
    const home = env();
    const added = await runCli(
      ['connections', 'add', 'remote-mcp', '--label', 'Bad', '--url', url, '--offline', '--no-token'],
      { env: home },
    );
    expect(added.code).not.toBe(0);
    expect(added.stderr).toMatch(message);
    expect(await labels(home)).toEqual([]);
  });

  it('refuses --base-url to a non-loopback http:// address with --offline', async () => {
    const home = env();
    const added = await runCli(
      [
        'connections',
        'add',
        'imboard',
        '--label',
        'Bad',
        '--base-url',
        'http://imboard.example.com',
        '--token-stdin',
        '--offline',
      ],
      {
        env: home,
        input: 'imb_pat_CANARYcanary0123456789zz\n',
      },
    );
    expect(added.code).not.toBe(0);
    expect(added.stderr).toMatch(/service address uses plain http:\/\/ to imboard\.example\.com/);
    expect(await labels(home)).toEqual([]);
  });

  it('accepts HTTPS, and plain HTTP to this computer, with --offline', async () => {
    const home = env();
    for (const [label, url] of [
      ['Secure', 'https://mcp.example.com/mcp'],
      ['Local', 'http://127.0.0.1:4555/mcp'],
    ] as const) {
      const added = await runCli(
        ['connections', 'add', 'remote-mcp', '--label', label, '--url', url, '--offline', '--no-token'],
        { env: home },
      );
      expect(added.code, added.stderr).toBe(0);
    }
    expect(await labels(home)).toEqual(['Secure', 'Local']);
  });
});
