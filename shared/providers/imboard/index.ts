import type { Provider } from '../types.js';
import { skeletonProvider } from '../skeleton.js';

/** I'mBoard (to be completed by the providers work). */
export const provider: Provider = skeletonProvider('imboard', "I'mBoard");
