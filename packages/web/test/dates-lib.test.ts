import { describe, expect, it } from 'vitest';
import { addDays, instantFromZonedInput } from '../src/lib/dates';

// Filters take dates as people read the tables: in the tenant's zone.
describe('a typed date and time in the tenant zone', () => {
  it.each([
    ['Berlin in winter', '2024-03-06T10:00', 'Europe/Berlin', '2024-03-06T09:00:00.000Z'],
    ['Berlin in summer, with seconds', '2024-07-01T10:00:30', 'Europe/Berlin', '2024-07-01T08:00:30.000Z'],
    ['New York across midnight UTC', '2024-03-06T21:00', 'America/New_York', '2024-03-07T02:00:00.000Z'],
    ['UTC as typed', '2024-03-06T10:00', 'UTC', '2024-03-06T10:00:00.000Z'],
    ['a time the change to summer time skips, moved on', '2024-03-31T02:30', 'Europe/Berlin', '2024-03-31T01:30:00.000Z'],
  ])('%s', (_case, typed, zone, instant) => {
    expect(instantFromZonedInput(typed, zone)).toBe(instant);
  });

  it('leaves an empty or malformed value out of the filter', () => {
    expect(instantFromZonedInput('', 'Europe/Berlin')).toBeUndefined();
    expect(instantFromZonedInput('06.03.2024 10:00', 'Europe/Berlin')).toBeUndefined();
  });

  it('counts calendar days across months and leap days', () => {
    expect([addDays('2024-03-06', -29), addDays('2024-02-28', 1), addDays('2023-12-31', 1)]).toEqual(['2024-02-06', '2024-02-29', '2024-01-01']);
  });
});
