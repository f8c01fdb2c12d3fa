// The checkout's top folder, for processes that start tools or read files relative to it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// From `import.meta.url`, not `import.meta.dirname`: Ponder loads its config through vite-node, which sets
// only the former.
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
