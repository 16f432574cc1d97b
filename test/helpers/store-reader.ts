/**
 * Child process for the store recovery test: prints `reading`, lists the connections (a lock-free read that
 * recovers a damaged file under the lock), then prints one JSON line `{ labels, notices }`.
 * argv: <home>
 */
import { ConnectionStore } from '../../shared/connections/store.js';

const store = new ConnectionStore({ home: process.argv[2]! });
process.stdout.write('reading\n');
const labels = store.list().map((c) => c.label);
process.stdout.write(`${JSON.stringify({ labels, notices: store.notices })}\n`);
