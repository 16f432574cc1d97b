import { z } from 'zod';
import { type ManagedCollection, managePath, METADATA_KINDS } from './api-surface.js';
import { sessionboardRequest } from './request.js';
import { Id, parseArgs, recordOutput, type SessionboardTool, WRITE_CACHE_NOTE } from './tool-spec.js';

const ACTIONS = ['create', 'update', 'delete', 'restore'] as const;
const METADATA_ACTIONS = ['create', 'update', 'delete'] as const;
type Action = (typeof ACTIONS)[number];

const ManageArgs = z
  .object({
    action: z.enum(ACTIONS),
    eventId: Id.optional(),
    id: Id.optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((a) => a.action !== 'create' || (a.eventId && a.data), {
    message: 'create needs eventId and data',
    path: ['action'],
  })
  .refine((a) => a.action === 'create' || a.id, { message: 'update, delete and restore need id', path: ['id'] })
  .refine((a) => a.action !== 'update' || a.data, { message: 'update needs data', path: ['data'] });

function manageSchema(
  actions: readonly string[],
  extra: Record<string, unknown> = {},
  required: string[] = ['action'],
) {
  return {
    type: 'object' as const,
    properties: {
      action: { type: 'string', enum: [...actions], description: 'create | update | delete | restore' },
      ...extra,
      eventId: { type: 'string', description: 'Event id (for create)' },
      id: { type: 'string', description: 'Record id (for update, delete, restore)' },
      data: { type: 'object', description: 'Fields to set (for create, update)' },
    },
    required,
    additionalProperties: false,
  };
}

async function runManage(
  ctx: Parameters<SessionboardTool['run']>[0],
  action: Action,
  collection: ManagedCollection,
  a: z.infer<typeof ManageArgs>,
) {
  const { method, path } = managePath(action, collection, {
    ...(a.eventId ? { eventId: a.eventId } : {}),
    ...(a.id ? { id: a.id } : {}),
  });
  const json = action === 'create' || action === 'update' ? a.data : undefined;
  const touchesSessions = collection === 'sessions' || collection.startsWith('metadata/');
  return recordOutput(
    await sessionboardRequest(ctx, { method, path, json }),
    touchesSessions ? WRITE_CACHE_NOTE : undefined,
  );
}

/** A `manage_<collection>` tool: the `action` argument picks create/update/delete/restore, all under one write scope. */
function manageTool(collection: 'sessions' | 'contacts' | 'exhibitors' | 'sponsors', noun: string): SessionboardTool {
  const name = `manage_${collection}`;
  return {
    name,
    title: `Manage ${collection}`,
    description: `Create, update, delete or restore a Sessionboard ${noun} (action argument). Needs write:${collection}.${collection === 'sessions' ? ' Reads of sessions may show the old value for up to 3 minutes after a change (Sessionboard caches them).' : ''}`,
    inputSchema: manageSchema(ACTIONS),
    access: 'write',
    destructive: true,
    requiredScopes: () => [`write:${collection}`],
    scopeBasis: 'documented',
    run: async (ctx, args) => {
      const a = parseArgs(name, ManageArgs, args);
      return runManage(ctx, a.action, collection, a);
    },
  };
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
  {
    name: 'manage_metadata',
    title: 'Manage session metadata',
    description:
      'Create, update or delete rooms, tracks, tags, formats, levels, languages, statuses (write:metadata) or custom fields (write:fields). Ids of existing items: list_session_metadata.',
    inputSchema: manageSchema(METADATA_ACTIONS, { kind: { type: 'string', enum: [...METADATA_KINDS] } }, [
      'action',
      'kind',
    ]),
    access: 'write',
    destructive: true,
    requiredScopes: (args) => [metadataScope(args.kind)],
    scopeBasis: 'documented',
    run: async (ctx, args) => {
      const { kind, ...rest } = parseArgs(
        'manage_metadata',
        z.object({ kind: z.enum(METADATA_KINDS), action: z.enum(METADATA_ACTIONS) }).passthrough(),
        args,
      );
      const a = parseArgs('manage_metadata', ManageArgs, rest);
      return runManage(ctx, a.action, `metadata/${kind}`, a);
    },
  },
];
