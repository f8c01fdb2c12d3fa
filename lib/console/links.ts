// The one-time links of the consoles: where a merchant user or admin sets a password (an invitation or a
// reset). The token rides in the query string, which the request log leaves out (it logs the path only).
import type { ConsoleRole } from '../db/schema/index.js';

export const CONSOLE_BASE: Record<ConsoleRole, string> = { merchant: '/console', admin: '/admin' };

export const passwordLink = (publicUrl: string, role: ConsoleRole, token: string) =>
  `${publicUrl}${CONSOLE_BASE[role]}/password?token=${token}`;
