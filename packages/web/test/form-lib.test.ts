import { describe, expect, it } from 'vitest';
import type { ShownProblem } from '../src/api/client';
import { fieldError, problemSentence, schemaRule } from '../src/lib/form';

// A schema refusal as the server answers it: the first issue in `detail` in the validator's words,
// every issue in `errors`.
function refusal(field: string, message: string): ShownProblem {
  return {
    type: 'about:blank',
    title: 'The request is not valid',
    status: 400,
    code: 'invalid_request',
    detail: `body field ${field} ${message}.`,
    requestId: 'req_1',
    field,
    in: 'body',
    errors: [{ field, message }],
  };
}

describe('schema refusals in plain words', () => {
  it.each([
    ['must be <= 365', 'must be at most 365'],
    ['must be >= 0', 'must be at least 0'],
    ['must be integer', 'must be a whole number'],
    ['must NOT have fewer than 1 characters', 'must not be empty'],
    ['must NOT have more than 64 characters', 'must have at most 64 characters'],
    ['must match format "date"', 'must be a date such as 2024-03-06'],
    ['must be equal to one of the allowed values', 'must be one of the values offered'],
  ])('"%s" reads "%s"', (message, rule) => {
    expect(schemaRule(refusal('maxBorrowDays', message))).toBe(rule);
  });

  it('says the rule under the field and in the banner, and keeps the server words for what it does not know', () => {
    const tooLong = refusal('maxBorrowDays', 'must be <= 365');
    expect(fieldError(tooLong, 'maxBorrowDays')).toBe('Must be at most 365.');
    expect(fieldError(tooLong, 'heartbeatSeconds')).toBeUndefined();
    expect(problemSentence(tooLong)).toBe('The field maxBorrowDays must be at most 365.');
    const odd = refusal('code', 'must pass "x" keyword validation');
    expect(schemaRule(odd)).toBeNull();
    expect(problemSentence(odd)).toBe('body field code must pass "x" keyword validation.');
    const conflict: ShownProblem = { type: 'about:blank', title: 'Conflict', status: 409, code: 'seat_limit', detail: 'Every seat is taken.', requestId: 'req_2' };
    expect(problemSentence(conflict)).toBe('Every seat is taken.');
  });
});
