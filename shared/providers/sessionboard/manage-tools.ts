import { z } from 'zod';
import { type ManagedCollection, managePath, METADATA_KINDS } from './api-surface.js';
import { sessionboardRequest } from './request.js';
import { Id, recordOutput, type SessionboardTool, sessionboardTool, WRITE_CACHE_NOTE } from './tool-spec.js';

const ACTIONS = ['create', 'update', 'delete', 'restore'] as const;
const METADATA_ACTIONS = ['create', 'update', 'delete'] as const;
type Action = (typeof ACTIONS)[number];

/** The checked arguments of a `manage_*` tool. */
interface ManageArgs {
  action: Action;
  eventId?: string | undefined;
  id?: string | undefined;
  data?: Record<string, unknown> | undefined;
}

/**
 * The arguments of a `manage_*` tool: `action` picks create/update/delete(/restore); create needs `eventId` and `data`,
 * the others `id`, update also `data`. `extra` adds tool-specific arguments (manage_metadata's `kind`).
 */
function manageArgs<E extends z.ZodRawShape>(actions: readonly [Action, ...Action[]], extra: E) {
  return z
    .strictObject({
      action: z.enum(actions).describe(actions.join(' | ')),
      ...extra,
      eventId: Id.optional().describe('Event id (for create)'),
      id: Id.optional().describe('Record id (for update, delete, restore)'),
      data: z.record(z.string(), z.unknown()).optional().describe('Fields to set (for create, update)'),
    })
    .superRefine((raw, ctx) => {
      const a = raw as unknown as ManageArgs;
      if (a.action === 'create' && !(a.eventId && a.data))
        ctx.addIssue({ code: 'custom', message: 'create needs eventId and data', path: ['action'] });
      if (a.action !== 'create' && !a.id)
        ctx.addIssue({ code: 'custom', message: 'update, delete and restore need id', path: ['id'] });
      if (a.action === 'update' && !a.data)
        ctx.addIssue({ code: 'custom', message: 'update needs data', path: ['data'] });
    });
}

async function runManage(ctx: Parameters<SessionboardTool['run']>[0], collection: ManagedCollection, a: ManageArgs) {
  const { method, path } = managePath(a.action, collection, {
    ...(a.eventId ? { eventId: a.eventId } : {}),
    ...(a.id ? { id: a.id } : {}),
  });
  const json = a.action === 'create' || a.action === 'update' ? a.data : undefined;
  const touchesSessions = collection === 'sessions' || collection.startsWith('metadata/');
  return recordOutput(
    await sessionboardRequest(ctx, { method, path, json }),
    touchesSessions ? WRITE_CACHE_NOTE : undefined,
  );
}

/** A `manage_<collection>` tool: the `action` argument picks create/update/delete/restore, all under one write scope. */
function manageTool(collection: 'sessions' | 'contacts' | 'exhibitors' | 'sponsors', noun: string): SessionboardTool {
  return sessionboardTool({
    name: `manage_${collection}`,
    title: `Manage ${collection}`,
    description: `Create, update, delete or restore a Sessionboard ${noun} (action argument). Needs write:${collection}.${collection === 'sessions' ? ' Reads of sessions may show the old value for up to 3 minutes after a change (Sessionboard caches them).' : ''}`,
    args: manageArgs(ACTIONS, {}),
    access: 'write',
    destructive: true,
    requiredScopes: () => [`write:${collection}`],
    scopeBasis: 'documented',
    run: async (ctx, a) => runManage(ctx, collection, a),
  });
}

/** Scope for a metadata kind: custom fields need write:fields, everything else write:metadata. */
export function metadataScope(kind: unknown): string {
  return kind === 'custom_fields' ? 'write:fields' : 'write:metadata';
}

/** Sessionboard write tools (REST). */
export const MANAGE_TOOLS: SessionboardTool[] = [
  manageTool('sessions', 'session'),
  manageTool('contacts', 'contact or speaker'),
  manageTool('exhibitors', 'exhibitor'),
  manageTool('sponsors', 'sponsor'),
  sessionboardTool({
    name: 'manage_metadata',
    title: 'Manage session metadata',
    description:
      'Create, update or delete rooms, tracks, tags, formats, levels, languages, statuses (write:metadata) or custom fields (write:fields). Ids of existing items: list_session_metadata.',
    args: manageArgs(METADATA_ACTIONS, { kind: z.enum(METADATA_KINDS) }),
    access: 'write',
    destructive: true,
    requiredScopes: (args) => [metadataScope(args.kind)],
    scopeBasis: 'documented',
    run: async (ctx, { kind, ...a }) => runManage(ctx, `metadata/${kind}`, a),
  }),
];
