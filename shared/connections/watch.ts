import fs from 'node:fs';

/**
 * Watches one file in `dir` for changes made by any process. Uses a directory watch (atomic renames replace
 * the file's inode, which a plain file watch would lose) plus a slow poll as a safety net for file systems
 * without change events. `onChange` is debounced; the caller decides whether anything really changed.
 */
export function watchStoreFile(
  dir: string,
  basename: string,
  onChange: () => void,
  options: { debounceMs?: number; pollMs?: number } = {},
): () => void {
  const debounceMs = options.debounceMs ?? 40;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
    timer.unref();
  };
  let watcher: fs.FSWatcher | undefined;
  try {
    watcher = fs.watch(dir, { persistent: false }, (_event, filename) => {
      if (!filename || filename === basename) fire();
    });
    watcher.on('error', () => undefined);
  } catch {
    watcher = undefined;
  }
  const poll = setInterval(fire, options.pollMs ?? 2_000);
  poll.unref();
  return () => {
    clearTimeout(timer);
    clearInterval(poll);
    watcher?.close();
  };
}
