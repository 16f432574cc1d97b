/**
 * A test hook: when `BRIDGEKEEPER_TEST_PAUSE` names `point`, the process announces it on stderr
 * (`bridgekeeper-test: paused at <point>`) and waits there for good, so a test can kill it at exactly that
 * point (e.g. between the keychain write and the store write of `connections add`). Does nothing otherwise.
 */
export async function pauseForTest(point: string): Promise<void> {
  if (process.env.BRIDGEKEEPER_TEST_PAUSE !== point) return;
  process.stderr.write(`bridgekeeper-test: paused at ${point}\n`);
  setInterval(() => undefined, 60_000);
  await new Promise<never>(() => undefined);
}
