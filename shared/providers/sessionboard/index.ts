import type { Provider } from '../types.js';
import { skeletonProvider } from '../skeleton.js';

/** Sessionboard (to be completed by the providers work). */
export const provider: Provider = skeletonProvider('sessionboard', "Sessionboard");
