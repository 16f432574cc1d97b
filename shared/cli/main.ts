import { createRequire } from 'node:module';
import { redactCliOutput } from './output-redaction.js';

const require = createRequire(import.meta.url);
const { version } = require('../../../package.json') as { version: string };

/** CLI entry point. */
export async function main(argv: string[] = process.argv): Promise<void> {
  if (argv[2] === 'mcp') {
    // How assistants start the gateway: straight to it, so the process, which runs all day, does not keep the CLI's
    // command tree (commander, every command's options and schemas) in memory (about 2 MB of RSS).
    const [{ runMcpGateway, plainMcpArgs }, { runAction }] = await Promise.all([
      import('./commands/mcp.js'),
      import('./run-action.js'),
    ]);
    const plain = plainMcpArgs(argv.slice(3));
    if (plain) {
      await runAction(() => runMcpGateway(version, plain))();
      return;
    }
  }
  if (argv[2] !== 'mcp') redactCliOutput();
  const { buildProgram, CommanderError } = await import('./program.js');
  const program = buildProgram(version);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; usage mistakes exit 2 (commander already printed the one-line reason).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    throw error;
  }
}

await main();
