import type { Command } from 'commander';
import { CONNECTION_FIELD_SPECS, type ConnectionFieldValues } from '../use-cases/connection-fields.js';

/** The commander option key of a flag: `--header-name <name>` → `headerName`. */
function optionKey(flag: string): string {
  return flag
    .split(' ')[0]!
    .replace(/^--/, '')
    .replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Adds the flag of every connection field (`--region`, `--handle`, `--tenant`, `--url`, `--header-name`) to a
 * command: `connections add` and `connections update` list the same fields with the same help.
 */
export function addConnectionFieldFlags(command: Command): Command {
  for (const spec of CONNECTION_FIELD_SPECS) command.option(spec.flag, spec.help);
  return command;
}

/** The connection field values among a command's parsed options, for `buildConnectionFields`. */
export function connectionFieldValuesOf(options: Record<string, unknown>): ConnectionFieldValues {
  const values: ConnectionFieldValues = {};
  for (const spec of CONNECTION_FIELD_SPECS) {
    const value = options[optionKey(spec.flag)];
    if (typeof value === 'string') values[spec.name] = value;
  }
  return values;
}
