import type { Command } from 'commander';
import { path } from '../api.js';
import { addListCommand } from '../list-command.js';

/** `allot sessions …`: who waits for a full module (SPEC 11). */
export function sessionsCommand(program: Command): void {
  const sessions = program.command('sessions').description("a tenant's concurrent sessions: queue");

  addListCommand(sessions, 'queue', {
    description: 'who waits for a full module, first come first, with their positions',
    what: 'waiters',
    columns: ['position', 'userId', 'modules', 'requestedAt', 'claimSeconds', 'id'],
    path: (ctx) => path`/v1/tenants/${ctx.tenant}/session-queue`,
  });
}
