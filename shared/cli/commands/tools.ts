import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { ToolMatrix } from '../../use-cases/tool-matrix.js';
import { confirmAtTerminal, table } from '../io.js';
import { runAction } from '../run-action.js';

const OnOff = z.enum(['on', 'off']).transform((v) => v === 'on');
const ToolsOptionsSchema = z.object({
  json: z.boolean().optional(),
  readOnly: OnOff.optional(),
  confirmWrites: OnOff.optional(),
  redactPii: OnOff.optional(),
  showUnusable: OnOff.optional(),
  disable: z.array(z.string()).optional(),
  enable: z.array(z.string()).optional(),
});

const EXPECTED_FROM = { declared: 'your declared scopes', expected: 'unverified token claims' } as const;

/**
 * One SCOPES cell: ✓ / ✗ [missing] / ? [needed or expected to lack], then, whatever the status, what rests on an
 * assumption ("needs EVENT (assumed)") and what a prediction rests on ("from your declared scopes").
 */
function scopeCell(row: ToolMatrix['rows'][number]): string {
  const { scope } = row;
  const needs = scope.required.join(' ');
  const assumed = scope.assumed ? `needs ${needs} (assumed)` : '';
  const from = scope.expectedFrom ? `from ${EXPECTED_FROM[scope.expectedFrom]}` : '';
  const join = (...parts: string[]) => parts.filter(Boolean).join('; ');
  if (scope.status === 'allowed') return ['✓', assumed].filter(Boolean).join(' ');
  if (scope.status === 'missing')
    return `✗ ${join(`${scope.missing.join(' ')}${scope.learned ? ' (learned)' : ''}`, assumed)}`;
  if (scope.expectedMissing.length > 0)
    return `? ${join(`expected to lack ${scope.expectedMissing.join(' ')}`, from, assumed)}`;
  if (scope.expectedFrom) return `? ${join('expected to work', from, assumed || `needs ${needs}`)}`;
  return `? ${assumed || needs}`.trim();
}

function render(matrix: ToolMatrix): string {
  const head = `${matrix.label} (${matrix.provider}, ${matrix.source === 'mcp' ? 'tools from its MCP server' : 'Bridgekeeper API tools'})`;
  if (matrix.rows.length === 0)
    return `${head}\n  ${matrix.error ? `Tool list unavailable: ${matrix.error}` : 'No tools.'}`;
  const rows = matrix.rows.map((r) => [
    r.tool,
    r.access + (r.destructive ? ' (destructive)' : ''),
    scopeCell(r),
    r.enabled ? 'enabled' : 'disabled',
    r.visible ? r.gatewayName : `hidden (${r.hiddenBecause?.replace('_', '-') ?? ''})`,
  ]);
  const learned = matrix.rows.some((r) => r.scope.status === 'missing' && r.scope.learned);
  const tryAgain = learned
    ? `\n(learned) = the service refused it before. Granted since? Try again: bridgekeeper connections update "${matrix.label}" --forget-refusals`
    : '';
  return `${head}\n${table(['TOOL', 'ACCESS', 'SCOPES', 'POLICY', 'IN GATEWAY AS'], rows)}${tryAgain}`;
}

const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

/** Registers `bridgekeeper tools [connection]`: the tool × scope matrix, and per-connection policy switches. */
export function registerToolsCommand(program: Command): void {
  program
    .command('tools')
    .description('show each tool × scope (✓ allowed, ✗ missing, ? unknown) and change what the gateway offers')
    .argument('[connection]', 'connection id or label (default: all)')
    .option('--json', 'print as JSON')
    .option('--read-only <on|off>', 'hide every write tool of this connection')
    .option(
      '--confirm-writes <on|off>',
      'ask for confirmation before each write (assistants that support MCP elicitation)',
    )
    .option('--redact-pii <on|off>', 'mask emails and phone numbers in results')
    .option('--show-unusable <on|off>', "offer tools this token certainly can't use (off by default)")
    .option('--disable <tool>', 'hide a tool (repeat or comma-separate)', collect)
    .option('--enable <tool>', 'offer a hidden tool again (repeat or comma-separate)', collect)
    .action(
      runAction(async (ref: string | undefined, raw: Record<string, unknown>) => {
        const parsed = ToolsOptionsSchema.safeParse(raw);
        if (!parsed.success)
          throw new InputError(
            `Invalid option: ${parsed.error.issues[0]?.path.join('.')} must be on or off.`,
            'See `bridgekeeper tools --help`.',
          );
        const options = parsed.data;
        const [{ createCore }, { toolMatrix }, { setPolicy, loosens }] = await Promise.all([
          import('../../connections/core.js'),
          import('../../use-cases/tool-matrix.js'),
          import('../../catalog/policy.js'),
        ]);
        const core = createCore();
        const patch = {
          ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
          ...(options.confirmWrites !== undefined ? { confirmWrites: options.confirmWrites } : {}),
          ...(options.redactPii !== undefined ? { redactPii: options.redactPii } : {}),
          ...(options.showUnusable !== undefined ? { showUnusableTools: options.showUnusable } : {}),
          ...(options.disable ? { disable: options.disable } : {}),
          ...(options.enable ? { enable: options.enable } : {}),
        };
        if (Object.keys(patch).length > 0) {
          if (!ref)
            throw new InputError(
              'Policy changes need a connection.',
              'Name it: `bridgekeeper tools "Acme" --read-only on`.',
            );
          const current = core.store.get(ref);
          const loosened = loosens(current.policies, patch);
          if (loosened.length > 0) {
            // Rules protect the person from what an assistant (or a script) might do: only a person at a terminal
            // may loosen them here. This raises the bar; it is not a boundary against code running as the same user.
            await confirmAtTerminal(
              `This loosens the rules for '${current.label}': ${loosened.join(', ')}.`,
              current.label,
              new InputError(
                `Loosening a rule (${loosened.join(', ')}) needs a person at an interactive terminal; this command is not running in one.`,
                'Change it in the Bridgekeeper app, or run the command yourself in a terminal. Tightening rules (read-only on, a tool off) works anywhere.',
              ),
            );
          }
          const updated = await setPolicy(core, current.id, patch, { by: 'cli' });
          const p = updated.policies;
          process.stderr.write(
            `Policies of '${updated.label}': read-only ${p.readOnly ? 'on' : 'off'}, confirm writes ${p.confirmWrites ? 'on' : 'off'}, redact PII ${p.redactPii ? 'on' : 'off'}, disabled tools: ${p.disabledTools.join(', ') || 'none'}. Running gateways update their tool lists now.\n`,
          );
        }
        const connections = ref ? [core.store.get(ref)] : core.store.list();
        const matrices = await Promise.all(connections.map((c) => toolMatrix(core, c)));
        if (options.json) {
          process.stdout.write(`${JSON.stringify(ref ? matrices[0] : matrices, null, 2)}\n`);
          return;
        }
        if (matrices.length === 0) {
          process.stdout.write(
            'No connections yet. Add one with `bridgekeeper connections add <provider> --label <name>`.\n',
          );
          return;
        }
        process.stdout.write(`${matrices.map(render).join('\n\n')}\n`);
      }),
    );
}
