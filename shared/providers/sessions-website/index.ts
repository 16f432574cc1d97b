import type { Provider } from '../types.js';
import { skeletonProvider } from '../skeleton.js';

/** sessions.website (to be completed by the providers work). */
export const provider: Provider = skeletonProvider('sessions-website', "sessions.website");
