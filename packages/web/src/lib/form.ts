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
  return field === name || field.startsWith(`${name}.`) ? problem.detail : undefined;
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
