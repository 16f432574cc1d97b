import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/cli.js';

const run = promisify(execFile);
const work = tempDir('bk-pack-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/**
 * The package as a user gets it: `npm pack` (of the built tree; its scripts are not run again), installed from the
 * tarball into a fresh prefix, and `bridgekeeper mcp` started from there answering an SDK client's initialize.
 */
describe('npm pack', () => {
  it('ships only what runs, with its license, and the installed CLI serves MCP', { timeout: 240_000 }, async () => {
    // The README hooks run as `npm pack`/`npm publish` run them; the build (`prepare`) is skipped, as it already ran.
    const readmeBefore = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    await run('npm', ['run', '--silent', 'prepack'], { cwd: repoRoot });
    let packed: { stdout: string };
    try {
      packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
        cwd: repoRoot,
        maxBuffer: 64 * 1_048_576,
      });
    } finally {
      await run('npm', ['run', '--silent', 'postpack'], { cwd: repoRoot });
    }
    expect(fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8')).toBe(readmeBefore);
    const [pack] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = pack!.files.map((f) => f.path);

    // The registry page shows the packed README: its images and links point into this very version on the npm CDN,
    // and every file they name is in the tarball.
    const packedReadme = (await run('tar', ['-xzOf', path.join(work, pack!.filename), 'package/README.md'])).stdout;
    const targets = [...packedReadme.matchAll(/\]\(([^)\s]+)/g)].map((m) => m[1]!);
    expect(targets.filter((t) => !/^(https?:|mailto:|#)/.test(t))).toEqual([]);
    const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const base = `https://cdn.jsdelivr.net/npm/bridgekeeper@${version}/`;
    const shipped = targets.filter((t) => t.startsWith(base)).map((t) => t.slice(base.length).split('#')[0]!);
    expect(shipped.filter((t) => t.endsWith('.png'))).toHaveLength(8);
    expect(shipped.filter((t) => !files.some((f) => f === t || (t.endsWith('/') && f.startsWith(t))))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'bin/bridgekeeper.js']));
    expect(files).toContain('dist/shared/cli/main.js');
    expect(files).toContain('dist/electron/main.js');
    expect(files.filter((f) => /^dist\/(test|bench)\//.test(f) || f.endsWith('.map') || /\.test\.js$/.test(f))).toEqual(
      [],
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      license: string;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(manifest.license).toBe('MIT');
    expect(fs.readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    // Electron is for building the desktop app, not for running the CLI: installing the package never fetches it.
    expect(Object.keys(manifest.dependencies)).not.toContain('electron');
    expect(Object.keys(manifest.devDependencies)).toContain('electron');

    // Into a fresh prefix, from the npm cache where it can (the registry for what it lacks). Install scripts are
    // skipped: keytar's would download a prebuilt binary, and initialize never touches the keychain.
    const prefix = path.join(work, 'prefix');
    fs.mkdirSync(prefix);
    await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--prefix',
        prefix,
        path.join(work, pack!.filename),
      ],
      { cwd: work, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, maxBuffer: 64 * 1_048_576 },
    );
    expect(fs.existsSync(path.join(prefix, 'node_modules', 'electron'))).toBe(false);
    const installed = path.join(prefix, 'node_modules', 'bridgekeeper');
    expect(fs.existsSync(path.join(installed, 'dist', 'test'))).toBe(false);

    const transport = new StdioClientTransport({
      command: path.join(prefix, 'node_modules', '.bin', 'bridgekeeper'),
      args: ['mcp'],
      cwd: work,
      env: { ...(process.env as Record<string, string>), BRIDGEKEEPER_HOME: path.join(work, 'home') },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'pack-test', version: '1' });
    try {
      await client.connect(transport);
      expect(client.getServerVersion()).toMatchObject({ name: 'bridgekeeper', version: '0.1.0' });
      expect(client.getServerCapabilities()?.tools).toMatchObject({ listChanged: true });
    } finally {
      await client.close();
    }
  });
});
