// Module resolve hook (see node20-glob-sync.mjs): 'fs' imported from the conformance package resolves to fs-with-glob-sync.mjs.
const shim = new URL('./fs-with-glob-sync.mjs', import.meta.url).href;

/** Node's resolve hook. */
export async function resolve(specifier, context, nextResolve) {
  if (
    (specifier === 'fs' || specifier === 'node:fs') &&
    context.parentURL?.includes('/@modelcontextprotocol/conformance/')
  ) {
    return { url: shim, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
