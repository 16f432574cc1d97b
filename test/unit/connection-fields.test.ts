import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { serviceInfo } from '../../shared/app/service-info.js';
import { registerConnectionsCommands } from '../../shared/cli/commands/connections.js';
import { allProviders, getProvider } from '../../shared/providers/registry.js';
import { buildConnectionFields, CONNECTION_FIELD_SPECS } from '../../shared/use-cases/connection-fields.js';

const add = { purpose: 'add', wording: 'cli' } as const;
const appAdd = { purpose: 'add', wording: 'app' } as const;

describe('connection fields: one builder for the CLI and the app', () => {
  it('builds what each service declares, normalizing a pasted business address', () => {
    const website = getProvider('sessions-website');
    const built = buildConnectionFields(website, { handle: 'https://business.sessions.website/@acme-yoga/x' }, add);
    expect(built).toEqual({ metadata: { handle: 'acme-yoga' } });
    expect(buildConnectionFields(website, { handle: ' @acme ' }, appAdd)).toEqual({ metadata: { handle: 'acme' } });
    expect(buildConnectionFields(getProvider('sessionboard'), { region: 'eu' }, add)).toEqual({
      region: 'eu',
      metadata: {},
    });
    expect(
      buildConnectionFields(
        getProvider('remote-mcp'),
        { url: 'https://mcp.example.com/mcp', headerName: 'X-Api-Key' },
        add,
      ),
    ).toEqual({ metadata: { url: 'https://mcp.example.com/mcp', headerName: 'X-Api-Key' } });
  });

  it('says the same problem in flags for the CLI and in form words for the app', () => {
    const services = getProvider('session-services');
    expect(() => buildConnectionFields(services, {}, add)).toThrow('Session Services needs the tenant id.');
    expect(() => buildConnectionFields(services, {}, appAdd)).toThrow('The tenant id is missing or not valid.');
    expect(() => buildConnectionFields(services, { tenantId: 'tnt_short' }, add)).toThrow(
      /^Invalid --tenant: a tenant id looks like tnt_/,
    );
    const board = getProvider('sessionboard');
    expect(() => buildConnectionFields(board, { handle: 'acme' }, add, allProviders())).toThrow(
      '--handle does not apply to Sessionboard connections.',
    );
    expect(() => buildConnectionFields(board, { handle: 'acme' }, appAdd)).toThrow(
      'Sessionboard connections have no business handle.',
    );
    expect(() => buildConnectionFields(getProvider('imboard'), { region: 'eu' }, add)).toThrow(
      "I'mBoard has no regions.",
    );
    expect(() => buildConnectionFields(board, { region: 'mars' }, add)).toThrow(/^Invalid --region/);
  });

  it('on an edit checks only what was given, and refuses emptying a required field', () => {
    const website = getProvider('sessions-website');
    const update = { purpose: 'update', wording: 'app' } as const;
    expect(buildConnectionFields(website, {}, update)).toEqual({ metadata: {} });
    expect(() => buildConnectionFields(website, { handle: '  ' }, update)).toThrow(
      'The business handle is missing or not valid.',
    );
    // An empty field of another service is not a change.
    expect(buildConnectionFields(website, { url: '' }, update)).toEqual({ metadata: {} });
  });

  it("derives the wizard's fields and both CLI commands' flags from the same declarations", () => {
    for (const provider of allProviders()) {
      expect(serviceInfo(provider).fields).toEqual(provider.connectionFields.filter((f) => f !== 'headerName'));
    }
    const program = new Command();
    registerConnectionsCommands(program);
    const connections = program.commands.find((c) => c.name() === 'connections')!;
    const flagsOf = (name: string) => connections.commands.find((c) => c.name() === name)!.options.map((o) => o.flags);
    for (const spec of CONNECTION_FIELD_SPECS) {
      expect(flagsOf('add')).toContain(spec.flag);
      expect(flagsOf('update')).toContain(spec.flag);
    }
  });
});
