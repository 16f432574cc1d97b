import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { AssistantToolSet } from '../../use-cases/assistant-tool-sets.js';
import { confirmAtTerminal, table } from '../io.js';
import { runAction } from '../run-action.js';

const MODES = ['full', 'compact', 'auto'] as const;
const SetOptionsSchema = z
  .object({
    connections: z.string().optional(),
    allConnections: z.boolean().optional(),
    toolMode: z.enum(MODES, { error: `--tool-mode must be one of ${MODES.join(', ')}` }).optional(),
    json: z.boolean().optional(),
  })
  .refine((o) => !(o.connections !== undefined && o.allConnections), {
    error: 'use either --connections or --all-connections, not both',
  })
  .refine((o) => o.connections !== undefined || o.allConnections || o.toolMode, {
    error: 'nothing to change: pass --connections <a,b>, --all-connections or --tool-mode <mode>',
  });

const ModeWords: Record<(typeof MODES)[number], string> = {
  full: 'full (every tool listed)',
  compact: 'compact (find_tools + call_tool)',
  auto: 'auto (compact above 40 tools)',
};

function assertAssistantId(assistant: string, schema: z.ZodType<string>): void {
  if (!schema.safeParse(assistant).success)
    throw new InputError(
      `'${assistant}' is not an assistant id.`,
      'Use claude-desktop, claude-code, cursor, vscode (or the id passed to `bridgekeeper mcp --assistant`).',
    );
}

function connectionsCell(set: AssistantToolSet): string {
  if (set.problem) return `none (settings unreadable: ${set.problem})`;
  if (set.connections === 'all') return 'all';
  const names = set.connections.map((c) => c.label).join(', ') || 'none';
  return set.missing.length > 0 ? `${names} (+${set.missing.length} removed)` : names;
}

function print(sets: AssistantToolSet[], json: boolean | undefined, single: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(single ? sets[0] : sets, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `${table(
      ['ASSISTANT', 'SEES CONNECTIONS', 'TOOL MODE'],
      sets.map((s) => [`${s.displayName} (${s.assistant})`, connectionsCell(s), ModeWords[s.toolMode]]),
    )}\n`,
  );
}

/**
 * Registers `bridgekeeper assistants [show <assistant>] | set <assistant> …`: which connections each assistant sees
 * and whether its gateway lists every tool or the compact pair. Giving an assistant more connections needs a person
 * at a terminal (like loosening a policy); narrowing and tool modes work anywhere.
 */
export function registerAssistantsCommand(program: Command): void {
  const assistants = program
    .command('assistants')
    .description('choose which connections each assistant sees, and list every tool or a compact pair (find/call)');
  assistants
    .command('show', { isDefault: true })
    .description("show each assistant's connections and tool mode")
    .argument('[assistant]', 'claude-desktop | claude-code | cursor | vscode (default: all)')
    .option('--json', 'print as JSON')
    .action(
      runAction(async (assistant: string | undefined, options: { json?: boolean }) => {
        const [{ AssistantKeySchema }, { createCore }, sets] = await Promise.all([
          import('../../connections/assistant-settings.js'),
          import('../../connections/core.js'),
          import('../../use-cases/assistant-tool-sets.js'),
        ]);
        if (assistant !== undefined) assertAssistantId(assistant, AssistantKeySchema);
        const core = createCore();
        print(
          assistant ? [sets.assistantToolSet(core, assistant)] : sets.allAssistantToolSets(core),
          options.json,
          Boolean(assistant),
        );
      }),
    );
  assistants
    .command('set')
    .description("change an assistant's connections or tool mode (running gateways update their tool lists)")
    .argument('<assistant>', 'claude-desktop | claude-code | cursor | vscode')
    .option(
      '--connections <list>',
      'the connections it sees, comma-separated labels or ids (others are hidden from it)',
    )
    .option('--all-connections', 'it sees every connection, including ones added later')
    .option('--tool-mode <mode>', 'full: every tool; compact: find_tools + call_tool; auto: compact above 40 tools')
    .option('--json', 'print the result as JSON')
    .action(
      runAction(async (assistant: string, raw: Record<string, unknown>) => {
        const parsed = SetOptionsSchema.safeParse(raw);
        if (!parsed.success)
          throw new InputError(
            `Cannot change ${assistant}: ${parsed.error.issues[0]?.message ?? 'invalid options'}.`,
            'See `bridgekeeper assistants set --help`.',
          );
        const options = parsed.data;
        const [{ AssistantKeySchema }, { createCore }, sets] = await Promise.all([
          import('../../connections/assistant-settings.js'),
          import('../../connections/core.js'),
          import('../../use-cases/assistant-tool-sets.js'),
        ]);
        assertAssistantId(assistant, AssistantKeySchema);
        const core = createCore();
        const refs = options.connections
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (refs && refs.length === 0)
          throw new InputError(
            '--connections is empty.',
            'Name at least one connection (`bridgekeeper connections list`), or use --all-connections.',
          );
        const change = sets.resolveToolSetChange(core, assistant, {
          ...(refs ? { connections: refs } : options.allConnections ? { connections: 'all' as const } : {}),
          ...(options.toolMode ? { toolMode: options.toolMode } : {}),
        });
        if (change.widens.length > 0) {
          // An assistant must not hand itself more accounts: like loosening a policy, only a person may widen this.
          // This raises the bar; it is not a boundary against code running as the same user.
          await confirmAtTerminal(
            `This gives ${assistant} access to: ${change.widens.join(', ')}.`,
            assistant,
            new InputError(
              `Giving ${assistant} more connections (${change.widens.join(', ')}) needs a person at an interactive terminal; this command is not running in one.`,
              'Ask the person to choose it in the Bridgekeeper app (Assistants) or at their own terminal. Narrowing works anywhere.',
            ),
          );
        }
        const after = await sets.saveToolSetChange(core, assistant, change, 'cli');
        if (!options.json)
          process.stderr.write(
            `${after.displayName} now sees ${connectionsCell(after)}; tool mode ${ModeWords[after.toolMode]}. Its running gateways update their tool lists now.\n`,
          );
        print([after], options.json, true);
      }),
    );
}
