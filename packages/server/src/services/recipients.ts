import { audienceOf, isEventType, recipientsOf } from '@allot/core';
import { notificationCandidates, type Db, type DomainEvent } from '@allot/storage';

/** A person an event goes to. */
export interface Recipient {
  id: string;
  email: string;
}

/** The people of the event's tenant it goes to in the console and by e-mail (SPEC 7, core's `audienceOf`). */
export async function recipientsOfEvent(db: Db, event: DomainEvent): Promise<Recipient[]> {
  if (event.tenantId === null || !isEventType(event.type)) return [];
  const audience = audienceOf(event.type);
  if (audience.kind === 'none') return [];
  const requester = typeof event.payload.requestedBy === 'string' ? [event.payload.requestedBy] : [];
  const candidates = await notificationCandidates(db, event.tenantId, audience.kind === 'roles' ? audience.roles : [], audience.kind === 'requester' ? requester : []);
  const chosen = new Set(recipientsOf(event.type, event.payload, candidates));
  return candidates.filter((user) => chosen.has(user.id)).map((user) => ({ id: user.id, email: user.email }));
}
