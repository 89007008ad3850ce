import type { ShownProblem } from '../api/client';

/**
 * The message to show under the input named `name` when the problem is about it. The server names
 * nested fields with dots (`modules.0.code`), so a field owns everything below it; a rule of core
 * may name it as a JSON pointer's path (`components/0/unitPrice`), read the same.
 */
export function fieldError(problem: ShownProblem | null, name: string): string | undefined {
  const named = problem?.field;
  if (problem === null || typeof named !== 'string') return undefined;
  const field = named.replaceAll('/', '.');
  if (field !== name && !field.startsWith(`${name}.`)) return undefined;
  const plain = schemaRule(problem);
  return plain === null ? problem.detail : `${plain.charAt(0).toUpperCase()}${plain.slice(1)}.`;
}

// The schema validator's phrases (Ajv's), as people say them. One not listed keeps the server's words.
const schemaPhrases: readonly (readonly [RegExp, string])[] = [
  [/^must be <= (\S+)$/, 'must be at most $1'],
  [/^must be >= (\S+)$/, 'must be at least $1'],
  [/^must be < (\S+)$/, 'must be less than $1'],
  [/^must be > (\S+)$/, 'must be more than $1'],
  [/^must be integer$/, 'must be a whole number'],
  [/^must be number$/, 'must be a number'],
  [/^must be string$/, 'must be text'],
  [/^must be boolean$/, 'must be yes or no'],
  [/^must be array$/, 'must be a list'],
  [/^must NOT have fewer than 1 (characters|items)$/, 'must not be empty'],
  [/^must NOT have fewer than (\d+) (characters|items)$/, 'must have at least $1 $2'],
  [/^must NOT have more than (\d+) (characters|items)$/, 'must have at most $1 $2'],
  [/^must match format "date"$/, 'must be a date such as 2024-03-06'],
  [/^must match format "date-time"$/, 'must be a date and time such as 2024-03-06T10:00:00Z'],
  [/^must match format "email"$/, 'must be an e-mail address'],
  [/^must match pattern .*$/, 'is not in the form expected'],
  [/^must be equal to one of the allowed values$/, 'must be one of the values offered'],
];

/**
 * The rule a refused request broke, in plain words ("must be at most 365"), when the server's
 * schema check refused it; null for any other problem or a phrase not known here.
 *
 * @example
 * schemaRule({ code: 'invalid_request', field: 'maxBorrowDays', errors: [{ field: 'maxBorrowDays', message: 'must be <= 365' }], … }) // 'must be at most 365'
 */
export function schemaRule(problem: ShownProblem): string | null {
  if (problem.code !== 'invalid_request' || !Array.isArray(problem.errors)) return null;
  const first: unknown = problem.errors[0];
  if (typeof first !== 'object' || first === null || !('message' in first) || typeof first.message !== 'string') return null;
  const message = first.message;
  for (const [pattern, phrase] of schemaPhrases) if (pattern.test(message)) return message.replace(pattern, phrase);
  return null;
}

/** A refused request in one plain sentence: "The field maxBorrowDays must be at most 365." */
export function problemSentence(problem: ShownProblem): string {
  const rule = schemaRule(problem);
  if (rule === null) return problem.detail;
  const field = typeof problem.field === 'string' && problem.field !== '' ? problem.field : null;
  return field === null ? `The request ${rule}.` : `The field ${field} ${rule}.`;
}

/** Whether a form-level banner is needed: the problem names no field the form shows. */
export function isFormProblem(problem: ShownProblem | null, shownFields: readonly string[]): boolean {
  if (problem === null) return false;
  return !shownFields.some((name) => fieldError(problem, name) !== undefined);
}

/**
 * Under every code input (product, module, solution, license): codes are what the vendor already
 * uses, kept as written and unique ignoring case; the API checks them (SPEC 2).
 */
export const codeHint = 'As you write it (PSS2, WebDAV_Audit, CRM-N): letters, digits, _ . -; unique ignoring case';
