// The checkout's top folder, for processes that start tools or read files relative to it.
import { join } from 'node:path';

export const projectRoot = join(import.meta.dirname, '..');
