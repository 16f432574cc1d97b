import type { Provider } from '../types.js';
import { skeletonProvider } from '../skeleton.js';

/** Session Services (to be completed by the providers work). */
export const provider: Provider = skeletonProvider('session-services', "Session Services");
