/**
 * Child process for keychain tests: `get <account>` prints the secret (or "<null>"),
 * `set <account>` stores stdin. On failure prints the error code and exits 4.
 */
import { BridgekeeperError } from '../../shared/errors.js';
import { KeytarSecretStore } from '../../shared/secrets/keytar-secret-store.js';

const [op, account] = process.argv.slice(2);
const store = new KeytarSecretStore({ timeoutMs: 10_000 });
try {
  if (op === 'get') {
    process.stdout.write(`${(await store.get(account!)) ?? '<null>'}\n`);
  } else if (op === 'set') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    await store.set(account!, Buffer.concat(chunks).toString('utf8'));
    process.stdout.write('ok\n');
  }
} catch (error) {
  process.stdout.write(
    `${error instanceof BridgekeeperError ? error.code : 'unexpected'}\n${error instanceof Error ? error.message : ''}\n`,
  );
  process.exitCode = 4;
}
