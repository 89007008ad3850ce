import { describe, expect, it } from 'vitest';
import { countdownOver, timeLeftText } from '../src/lib/sessions';

// The console counts down to a live session's expiry but never judges the session itself: once
// the countdown is over it asks the server again, whose `state` says whether it still counts.
describe('the live countdown', () => {
  const expiresAt = '2024-03-06T10:05:00.000Z';
  const at = (iso: string) => Date.parse(iso);
  it.each([
    ['five minutes ahead', '2024-03-06T10:00:00.000Z', 'in 5 min', false],
    ['a second ahead', '2024-03-06T10:04:59.000Z', 'in 1 s', false],
    ['at the expiry', '2024-03-06T10:05:00.000Z', 'due', true],
    ['past the expiry', '2024-03-06T10:06:00.000Z', 'due', true],
  ])('%s: %s', (_case, now, text, over) => {
    expect(timeLeftText(expiresAt, at(now))).toBe(text);
    expect(countdownOver(expiresAt, at(now))).toBe(over);
  });
});
