import { describe, expect, it } from 'vitest';
import { InputError } from '../../shared/errors.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { provider } from '../../shared/providers/session-services/index.js';
import { validateSessionServicesArgs } from '../../shared/providers/session-services/tool-args.js';
import { rejectionOf } from '../helpers/rejection.js';
import { tokenConnection } from '../helpers/token-connection.js';

const connection = tokenConnection({
  id: 'c_ssargs0001',
  label: 'Harbour',
  provider: 'session-services',
  authKind: 'tenant',
  baseUrl: 'http://127.0.0.1:9',
  metadata: { tenantId: 'tnt_01jqpj2t2kfvmstt6f6tzkbaf2' },
});
const messageOf = (tool: Parameters<typeof validateSessionServicesArgs>[0], args: Record<string, unknown>): string => {
  try {
    validateSessionServicesArgs(tool, args);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error('expected a validation error');
};

describe('Session Services tool arguments are validated with zod before any request', () => {
  it('input schemas are generated from the validators', () => {
    const checkout = provider.tools(connection).find((t) => t.name === 'create_checkout_order')!;
    expect(checkout.inputSchema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['eventId', 'lines', 'buyerEmail'],
    });
    expect(provider.tools(connection).find((t) => t.name === 'list_venues')!.inputSchema.required).toEqual([]);
  });

  it('names the bad argument', () => {
    expect(messageOf('get_order', {})).toMatch(/'orderId' is required/);
    expect(messageOf('create_checkout_order', { eventId: 'evt_1', lines: [], buyerEmail: 'x' })).toMatch(
      /'lines': lines needs at least one admission.*'buyerEmail': buyerEmail must be an email address/,
    );
    expect(messageOf('quote_order', { eventId: 'evt_1', lines: [{ admissionId: 'a', quantity: 0 }] })).toMatch(
      /'lines\.0\.quantity'/,
    );
    expect(messageOf('list_events', { status: 'live' })).toMatch(/'status'/);
    expect(messageOf('list_venues', { city: 'Bristol' })).toMatch(/unknown argument 'city'/);
  });

  it('a bad public write is refused before anything is sent (the connection points at a closed port)', async () => {
    const http = new UpstreamHttpClient({ timeoutMs: 2_000, sleep: async () => undefined });
    const error = await rejectionOf(
      provider.callTool({ connection, secret: null, http }, 'create_checkout_order', {
        eventId: 'evt_1',
        lines: [{ admissionId: 'a', quantity: 1 }],
      }),
      InputError,
    );
    expect(error.message).toMatch(/'buyerEmail' is required/);
  });
});
