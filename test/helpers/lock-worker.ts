/**
 * Child process for the lock tests: takes the lock on <file> and holds it until the lock is lost or the process
 * is killed. Prints `locked <pid>` once it holds it. If the lock is compromised it prints `lost <code>: <message>`,
 * then takes the lock again for one more operation and prints `survived`.
 * argv: <file> <staleMs>
 */
import { withFileLock } from '../../shared/util/file-lock.js';

const [file, staleText] = process.argv.slice(2);
const staleMs = Number(staleText);
const keepAlive = setInterval(() => undefined, 60_000);
try {
  await withFileLock(
    file!,
    async () => {
      process.stdout.write(`locked ${process.pid}\n`);
      await new Promise(() => undefined);
    },
    { staleMs },
  );
} catch (error) {
  const { code, message } = error as { code?: string; message: string };
  process.stdout.write(`lost ${code}: ${message}\n`);
}
await withFileLock(file!, () => undefined, { staleMs });
process.stdout.write('survived\n');
clearInterval(keepAlive);
