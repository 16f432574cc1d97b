import fs from 'node:fs';
import { homePaths } from '../paths.js';
import type { AuditRecord } from './audit-record.js';
import { type ActivityFilter, matchesActivity, parseActivityLines } from './read-activity.js';

/**
 * Calls `onRecord` for every new matching audit record written by any gateway from now on (polling, so it works on
 * every file system and across rotation). Returns a stop function.
 */
export function followActivity(
  home: string,
  filter: ActivityFilter,
  onRecord: (record: AuditRecord) => void,
  options: { intervalMs?: number } = {},
): () => void {
  const file = homePaths(home).audit;
  let offset = sizeOf(file);
  let inode = inodeOf(file);
  let partial = '';
  const tick = () => {
    const size = sizeOf(file);
    const currentInode = inodeOf(file);
    if (size < offset || currentInode !== inode) {
      inode = currentInode;
      offset = 0; // rotated: the current file is new
      partial = '';
    }
    if (size === offset) return;
    let chunk = '';
    try {
      const fd = fs.openSync(file, 'r');
      try {
        const buffer = Buffer.alloc(size - offset);
        fs.readSync(fd, buffer, 0, buffer.length, offset);
        chunk = buffer.toString('utf8');
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return;
    }
    offset = size;
    const text = partial + chunk;
    const cut = text.lastIndexOf('\n');
    partial = cut >= 0 ? text.slice(cut + 1) : text;
    for (const record of parseActivityLines(cut >= 0 ? text.slice(0, cut) : ''))
      if (matchesActivity(record, filter)) onRecord(record);
  };
  const timer = setInterval(tick, options.intervalMs ?? 500);
  return () => clearInterval(timer);
}

function inodeOf(file: string): number {
  try {
    return fs.statSync(file).ino;
  } catch {
    return -1;
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
