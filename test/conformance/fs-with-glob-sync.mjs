// node:fs plus `globSync(pattern, { cwd })` for Node 20: enough for the conformance suite ('**/checks.json').
import fs from 'node:fs';
import path from 'node:path';

export * from 'node:fs';
export default fs;

/** Converts a glob (`**`, `*`, `?`) to a regular expression over '/'-separated relative paths. */
function globToRegExp(pattern) {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Relative paths under `cwd` (default: the current folder) matching `pattern` (a string or a list). */
export function globSync(pattern, options = {}) {
  const cwd = options.cwd ? String(options.cwd) : process.cwd();
  const matchers = (Array.isArray(pattern) ? pattern : [pattern]).map(globToRegExp);
  const found = [];
  const walk = (relative) => {
    for (const entry of fs.readdirSync(path.join(cwd, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (matchers.some((m) => m.test(child))) found.push(child.split('/').join(path.sep));
      if (entry.isDirectory()) walk(child);
    }
  };
  walk('');
  return found;
}
