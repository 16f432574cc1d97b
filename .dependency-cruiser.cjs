// @ts-check
/**
 * Layers inside shared/ (docs/ARCHITECTURE.md, "Layers"). A layer imports only itself and the layers below it:
 *
 *   leaf        errors.ts, paths.ts, contract.ts + contract/, net/, secrets/, util/, and the providers' token facts
 *               (providers/<id>/token-facts.ts gathered by providers/token-facts.ts: plain data that imports nothing
 *               but each other, so masking and redaction derive from what each provider declares)
 *   state       connections/ (the store, the Core), audit/
 *   services    providers/, auth/, upstream-mcp/      (siblings, see the rules below)
 *   catalog     catalog/ (which tools a connection exposes, under which names, hidden by which policy; the
 *               upstream session pool the catalog lists from)
 *   use cases   use-cases/, install/
 *   surfaces    gateway/, cli/, app/                  (siblings: none imports another)
 *   electron/   (outside shared/; the only importer of 'electron', enforced by eslint.config.js)
 *
 * `npm run lint` runs this; test/unit/layering-depcruise.test.ts proves that each rule fails when broken.
 */
const TOKEN_FACTS = '^shared/providers/(token-facts|[a-z0-9-]+/token-facts)\\.ts$';
const LEAF = `^shared/(errors|paths|contract)\\.ts$|^shared/(contract|net|secrets|util)/|${TOKEN_FACTS}`;
const STATE = '^shared/(connections|audit)/';
const SERVICES = '^shared/(providers|auth|upstream-mcp)/';
const CATALOG = '^shared/catalog/';
const USE_CASES = '^shared/(use-cases|install)/';
const SURFACES = '^shared/(gateway|cli|app)/';
const ABOVE_SERVICES = [CATALOG, USE_CASES, SURFACES].join('|');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-outside-layers',
      comment:
        'Every module in shared/ belongs to a layer: add a new folder to .dependency-cruiser.cjs and docs/ARCHITECTURE.md.',
      severity: 'error',
      from: { path: '^shared/', pathNot: [LEAF, STATE, SERVICES, CATALOG, USE_CASES, SURFACES, '^shared/.*\\.md$'] },
      to: {},
    },
    {
      name: 'leaf-imports-leaf',
      comment: 'The leaf layer (errors, paths, contract, net, secrets, util) imports nothing else from shared/.',
      severity: 'error',
      from: { path: LEAF },
      to: { path: '^shared/', pathNot: LEAF },
    },
    {
      name: 'token-facts-import-nothing',
      comment: "A provider's token facts are plain data: they import nothing from shared/ but other token facts.",
      severity: 'error',
      from: { path: TOKEN_FACTS },
      to: { path: '^shared/', pathNot: TOKEN_FACTS },
    },
    {
      name: 'state-below-services',
      comment: 'connections/ and audit/ import only the leaf layer and each other.',
      severity: 'error',
      from: { path: STATE },
      to: { path: [SERVICES, ABOVE_SERVICES].join('|'), pathNot: TOKEN_FACTS },
    },
    {
      name: 'services-below-use-cases',
      comment: 'providers/, auth/ and upstream-mcp/ never import the catalog, use cases or surfaces.',
      severity: 'error',
      from: { path: SERVICES },
      to: { path: ABOVE_SERVICES },
    },
    {
      name: 'auth-does-not-look-up-providers',
      comment: 'OAuth receives what it needs (e.g. the MCP endpoint) from its caller; it never imports a provider.',
      severity: 'error',
      from: { path: '^shared/auth/' },
      to: { path: '^shared/providers/' },
    },
    {
      name: 'providers-do-not-import-auth',
      comment:
        'Providers get credentials handed in; JWT decoding is in util/, sign-in and refresh are called from use cases.',
      severity: 'error',
      from: { path: '^shared/providers/' },
      to: { path: '^shared/auth/' },
    },
    {
      name: 'upstream-mcp-is-service-free',
      comment: 'The upstream MCP client knows no provider and no OAuth internals (an auth provider is handed in).',
      severity: 'error',
      from: { path: '^shared/upstream-mcp/' },
      to: { path: '^shared/(providers|auth)/' },
    },
    {
      name: 'catalog-below-use-cases',
      comment: 'catalog/ never imports use cases or surfaces.',
      severity: 'error',
      from: { path: CATALOG },
      to: { path: [USE_CASES, SURFACES].join('|') },
    },
    {
      name: 'use-cases-below-surfaces',
      comment: 'Use cases (and install/) never import the gateway, the CLI or the app.',
      severity: 'error',
      from: { path: USE_CASES },
      to: { path: SURFACES },
    },
    {
      name: 'surfaces-are-siblings',
      comment:
        'The gateway, the CLI and the app never import one another. One exception: the CLI command `bridgekeeper mcp` ' +
        '(shared/cli/commands/mcp.ts) is the launcher of the stdio gateway and imports its entry points.',
      severity: 'error',
      from: { path: '^shared/(gateway|cli|app)/', pathNot: '^shared/cli/commands/mcp\\.ts$' },
      to: { path: '^shared/(gateway|cli|app)/', pathNot: '^shared/$1/' },
    },
    {
      name: 'cli-mcp-launches-the-gateway-only',
      comment:
        "`bridgekeeper mcp` imports the gateway's entry points (gateway-server.ts, stdio-transport.ts) and nothing else of the gateway or the app.",
      severity: 'error',
      from: { path: '^shared/cli/commands/mcp\\.ts$' },
      to: { path: '^shared/(gateway|app)/', pathNot: '^shared/gateway/(gateway-server|stdio-transport)\\.ts$' },
    },
    {
      name: 'gateway-loads-providers-on-demand',
      comment:
        'The stdio gateway runs all day: it loads a provider only when a connection uses it (providers/load-provider.ts), never the registry or a provider index.',
      severity: 'error',
      from: { path: '^shared/(gateway|catalog)/' },
      to: { path: '^shared/providers/(registry\\.ts|[^/]+/index\\.ts)$' },
    },
    {
      name: 'gateway-never-reaches-the-registry',
      comment:
        'Not even through other modules: the registry loads every provider at once, and the stdio gateway must not (dynamic imports in load-provider.ts are how it loads one).',
      severity: 'error',
      from: { path: '^shared/gateway/' },
      to: { path: '^shared/providers/registry\\.ts$', reachable: true },
    },
    {
      name: 'shared-is-ui-free',
      comment: 'shared/ never imports electron/ or renderer/ (the packages electron and react are banned by eslint).',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(electron|renderer)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.tsx', '.d.ts'],
    },
  },
};
