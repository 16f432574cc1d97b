/**
 * Child process for the multi-process store test: performs N updates on one connection's metadata,
 * each a locked read-modify-write adding its own key, then prints "done".
 * argv: <home> <connectionId> <workerName> <count>
 */
import { ConnectionStore } from '../../shared/connections/store.js';

const [home, id, name, countText] = process.argv.slice(2);
const store = new ConnectionStore({ home: home! });
const count = Number(countText);
for (let i = 0; i < count; i++) {
  await store.update(id!, (c) => ({ metadata: { ...c.metadata, [`${name}-${i}`]: i } }));
}
process.stdout.write('done\n');
