import { describe, expect, it } from 'vitest';
import { admitToModule, type ConcurrentSeat } from '../src/concurrency.js';
import { afterWaitersAhead, queuePosition, queueState, waitersAhead, type QueueEntryFacts, type QueueState, type Waiter } from '../src/session-queue.js';

const now = '2024-06-01T12:00:00.000Z';
const seat = (id: string, quantity: number | null, liveSessions: number, extra: Partial<ConcurrentSeat['license']> = {}): ConcurrentSeat => ({
  license: { id, code: id, quantity, unlimited: quantity === null, suspended: false, validFrom: '2024-01-01T00:00:00.000Z', validUntil: null, ...extra },
  liveSessions,
  inGrace: false,
});

describe('afterWaitersAhead', () => {
  it.each<[string, ConcurrentSeat[], number, string]>([
    ['no waiter: a free license admits', [seat('a', 2, 1)], 0, 'licensed'],
    ['one waiter ahead takes the one free license', [seat('a', 2, 1)], 1, 'concurrency_limit'],
    ['one waiter ahead of two free licenses leaves one', [seat('a', 3, 1)], 1, 'licensed'],
    ['waiters fill the first license, then the next', [seat('a', 1, 0), seat('b', 1, 0)], 1, 'licensed'],
    ['two waiters take both licenses', [seat('a', 1, 0), seat('b', 1, 0)], 2, 'concurrency_limit'],
    ['a suspended license owes the waiters nothing', [seat('a', 1, 0, { suspended: true }), seat('b', 1, 0)], 1, 'concurrency_limit'],
    ['an unlimited license has room after any queue', [seat('a', null, 5)], 10, 'licensed'],
    ['more waiters than room: still full', [seat('a', 2, 0)], 5, 'concurrency_limit'],
  ])('%s', (_case, seats, ahead, code) => {
    expect(admitToModule(afterWaitersAhead(seats, ahead, now), now).code).toBe(code);
  });

  it('changes nothing of the licenses but their count', () => {
    const seats = [seat('a', 3, 1)];
    expect(afterWaitersAhead(seats, 1, now)).toEqual([{ ...seats[0], liveSessions: 2 }]);
    expect(seats[0]?.liveSessions).toBe(1);
  });
});

describe('the order of the queue', () => {
  const queue: Waiter[] = [
    { id: 'q1', modules: ['fm:a'] },
    { id: 'q2', modules: ['fm:b'] },
    { id: 'q3', modules: ['fm:a', 'fm:b'] },
    { id: 'q4', modules: ['fm:a'] },
  ];

  it.each<[string, string, string | null, number]>([
    ['nobody is ahead of the first', 'fm:a', 'q1', 0],
    ['waiters for another module are not ahead', 'fm:b', 'q2', 0],
    ['the waiters for the module before count', 'fm:a', 'q4', 2],
    ['a newcomer is behind everyone waiting for the module', 'fm:a', null, 3],
    ['a newcomer for a module nobody waits for goes first', 'fm:c', null, 0],
    ['the module however its code is cased', 'FM:A', null, 3],
  ])('%s', (_case, module, before, ahead) => {
    expect(waitersAhead(queue, module, before)).toBe(ahead);
  });

  it.each<[string, number]>([
    ['q1', 1],
    ['q2', 1],
    ['q3', 2],
    ['q4', 3],
    ['gone', 0],
  ])('%s is at position %i', (id, position) => {
    expect(queuePosition(queue, id)).toBe(position);
  });
});

describe('queueState', () => {
  const at = (minute: number) => `2024-06-01T12:0${minute}:00.000Z`;
  it.each<[string, QueueEntryFacts, QueueState]>([
    ['waiting while heard from', { state: 'waiting', expiresAt: at(1), offer: null }, 'waiting'],
    ['a waiter unheard past its expiry has left', { state: 'waiting', expiresAt: at(0), offer: null }, 'expired'],
    ['an offer held for its waiter', { state: 'offered', expiresAt: at(0), offer: { endedAt: null, expiresAt: at(1) } }, 'offered'],
    ['an offer not claimed in time has passed on', { state: 'offered', expiresAt: at(0), offer: { endedAt: null, expiresAt: at(0) } }, 'expired'],
    ['an offer whose session was ended has passed on', { state: 'offered', expiresAt: at(0), offer: { endedAt: at(0), expiresAt: at(1) } }, 'expired'],
    ['a claimed offer stays claimed', { state: 'claimed', expiresAt: at(0), offer: { endedAt: at(0), expiresAt: at(0) } }, 'claimed'],
  ])('%s', (_case, entry, state) => {
    expect(queueState(entry, now)).toBe(state);
  });
});
