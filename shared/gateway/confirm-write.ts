import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Connection } from '../connections/model.js';

/** The answer to "may this write go ahead?". */
export type ConfirmOutcome =
  | { confirmed: true }
  | { confirmed: false; reason: 'policy_confirm_declined' | 'policy_confirm_unsupported'; text: string };

/** Form-mode elicitation: declared as `form`, or an empty `elicitation: {}` (clients from before URL mode existed). */
function supportsFormElicitation(elicitation: Record<string, unknown> | undefined): boolean {
  if (!elicitation) return false;
  return Object.keys(elicitation).length === 0 || 'form' in elicitation;
}

/**
 * Asks the person (via MCP elicitation) to confirm a write on a connection with `confirmWrites` on. Clients that
 * cannot ask get a refusal explaining how to proceed; a declined, cancelled or failed prompt refuses too.
 */
export async function confirmWrite(
  server: Server,
  args: { toolName: string; toolTitle: string; connection: Connection; argumentNames: string[]; timeoutMs: number },
): Promise<ConfirmOutcome> {
  const { connection } = args;
  if (!supportsFormElicitation(server.getClientCapabilities()?.elicitation)) {
    return {
      confirmed: false,
      reason: 'policy_confirm_unsupported',
      text:
        `${args.toolName} was not run: '${connection.label}' requires confirming every write, and this assistant cannot show a confirmation prompt (it does not support MCP form elicitation). ` +
        `Tell the person what you wanted to change and ask them: they can do it from an assistant that shows confirmation prompts, or change this rule themselves in the Bridgekeeper app.`,
    };
  }
  const fields = args.argumentNames.length > 0 ? ` with ${args.argumentNames.join(', ')}` : '';
  try {
    const answer = await server.elicitInput(
      {
        mode: 'form',
        message: `Allow "${args.toolTitle}" on '${connection.label}'${fields}? This changes data in the account.`,
        requestedSchema: {
          type: 'object',
          properties: { confirm: { type: 'boolean', title: 'Run it', description: 'Tick to allow this change' } },
          required: ['confirm'],
        },
      },
      { timeout: args.timeoutMs },
    );
    if (answer.action === 'accept' && answer.content?.confirm === true) return { confirmed: true };
    return {
      confirmed: false,
      reason: 'policy_confirm_declined',
      text: `${args.toolName} was not run: the change was not confirmed (${answer.action === 'accept' ? 'left unticked' : answer.action}). Nothing was changed.`,
    };
  } catch {
    return {
      confirmed: false,
      reason: 'policy_confirm_declined',
      text: `${args.toolName} was not run: the confirmation prompt failed or timed out. Nothing was changed; try again and answer the prompt.`,
    };
  }
}
