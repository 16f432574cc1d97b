import os from 'node:os';

/** Which process, on which computer, owns something (a lock, a pending keychain write). */
export interface ProcessOwner {
  pid: number;
  host: string;
}

/** This process. */
export function currentOwner(): ProcessOwner {
  return { pid: process.pid, host: os.hostname() };
}

/** Reads an owner from parsed JSON, or undefined when it is not one. */
export function asOwner(value: unknown): ProcessOwner | undefined {
  const owner = value as Partial<ProcessOwner> | null;
  return owner && Number.isInteger(owner.pid) && typeof owner.host === 'string'
    ? { pid: owner.pid!, host: owner.host }
    : undefined;
}

/**
 * True only when the owner certainly no longer runs: same computer, not this process, and `kill(pid, 0)`
 * says the pid does not exist. Another computer, a live (or reused) pid, or a zombie not yet reaped all count
 * as running: callers then fall back to a slower, time-based rule.
 */
export function ownerIsGone(owner: ProcessOwner): boolean {
  if (owner.host !== os.hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
