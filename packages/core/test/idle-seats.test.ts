import { describe, expect, it } from 'vitest';
import { idleSeats, type SeatUse } from '../src/idle-seats.js';

// 15 April 2024, 10:00 in Berlin (summer time): 30 tenant days back is 16 March 10:00 in Berlin,
// still winter time, 09:00Z; 60 days back 15 February 09:00Z; 90 days back 16 January 09:00Z.
const now = '2024-04-15T08:00:00.000Z';
const seat = (lastAccessAt: string | null, since = '2023-06-01T00:00:00.000Z'): SeatUse => ({ userId: 'usr_1', since, lastAccessAt });

describe('idleSeats', () => {
  it.each<[string, SeatUse, number | null]>([
    ['used yesterday is not idle', seat('2024-04-14T08:00:00.000Z'), null],
    ['used a minute short of 30 tenant days ago is not idle', seat('2024-03-16T09:01:00.000Z'), null],
    ['used exactly 30 tenant days ago is idle for 30 (the zone changed its offset in between)', seat('2024-03-16T09:00:00.000Z'), 30],
    ['used 60 days ago is idle for 60', seat('2024-02-15T09:00:00.000Z'), 60],
    ['used 89 days ago is still idle for 60', seat('2024-01-17T09:00:00.000Z'), 60],
    ['used 90 days ago is idle for 90', seat('2024-01-16T09:00:00.000Z'), 90],
    ['never used since a seat given a year ago is idle for 90', seat(null), 90],
    ['never used since a seat given last week is not idle yet', seat(null, '2024-04-08T08:00:00.000Z'), null],
    ['never used since a seat given 45 days ago is idle for 30', seat(null, '2024-03-01T08:00:00.000Z'), 30],
    ['used only before the seat was given again last week is not idle yet', seat('2023-12-01T00:00:00.000Z', '2024-04-08T08:00:00.000Z'), null],
  ])('%s', (_case, use, days) => {
    const idle = idleSeats([use], now, 'Europe/Berlin');
    expect(idle.map((s) => s.idleForDays)).toEqual(days === null ? [] : [days]);
  });

  it('lists the longest idle first and says since when', () => {
    const idle = idleSeats(
      [
        { userId: 'usr_b', since: '2023-01-01T00:00:00.000Z', lastAccessAt: '2024-03-01T00:00:00.000Z' },
        { userId: 'usr_a', since: '2023-01-01T00:00:00.000Z', lastAccessAt: null },
        { userId: 'usr_c', since: '2023-01-01T00:00:00.000Z', lastAccessAt: '2024-04-10T00:00:00.000Z' },
      ],
      now,
      'UTC',
    );
    expect(idle.map((s) => [s.userId, s.idleSince, s.idleForDays])).toEqual([
      ['usr_a', '2023-01-01T00:00:00.000Z', 90],
      ['usr_b', '2024-03-01T00:00:00.000Z', 30],
    ]);
  });
});
