import type { Db } from '../database.js';

/** The event id through which a channel has fanned out every event; '' before its first event. */
export async function outboxPosition(db: Db, channel: string): Promise<string> {
  const row = await db.selectFrom('outbox_cursors').select('position').where('channel', '=', channel).executeTakeFirst();
  return row?.position ?? '';
}

/** Moves a channel's cursor forward (never back: a slower run cannot undo a later one). */
export async function moveOutboxPosition(db: Db, channel: string, position: string, at: string): Promise<void> {
  await db
    .insertInto('outbox_cursors')
    .values({ channel, position, updated_at: at })
    .onConflict((oc) => oc.column('channel').doUpdateSet({ position, updated_at: at }).where('outbox_cursors.position', '<', position))
    .execute();
}
