/**
 * Loads a sibling core module by path at run time, or returns undefined when it is not there. The app handlers
 * use it for parts other work streams deliver (gateway matrix, audit, install, OAuth) so the app keeps working,
 * with its own fallback, in a build where one of them is missing. `relative` is resolved from `shared/app/`.
 */
export async function optionalModule<T>(relative: string): Promise<T | undefined> {
  try {
    return (await import(new URL(relative, import.meta.url).href)) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(relative.replace(/^\.\.?\//, '').split('/').pop()!)) return undefined;
    throw error;
  }
}
