import { AllotApiError } from './api.js';
import { parse } from 'csv-parse/sync';
import { UsageError } from './usage-error.js';

/** A row of `users import`, as `POST /v1/tenants/{t}/users/import` takes it. */
export interface ImportRow {
  email: string;
  name: string;
  roles?: string[];
  certifiedProfessional?: boolean;
}

const known = ['email', 'name', 'roles', 'certifiedProfessional'];

const flags: Record<string, boolean> = { '': false, true: true, false: false, yes: true, no: false, '1': true, '0': false };

export interface UserCsv {
  users: ImportRow[];
  /** Rethrows an API refusal of the import after naming, on stderr, the CSV line of each row it names. */
  explain(error: unknown): never;
}

/**
 * Reads a users CSV: a header row `email,name,roles,certifiedProfessional` (the last two optional),
 * roles separated by `;`, certifiedProfessional as true/false/yes/no/1/0. A malformed file is a
 * usage error naming its line.
 */
export function readUserCsv(text: string): UserCsv {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true });
  } catch (error) {
    throw new UsageError(`The CSV cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const header = Object.keys(records[0]?.record ?? {});
  const unknown = header.filter((column) => !known.includes(column));
  if (unknown.length > 0) throw new UsageError(`The CSV has columns ${unknown.join(', ')}; it takes ${known.join(', ')}.`);
  if (records.length === 0) throw new UsageError('The CSV has no rows.');
  const lines = records.map((r) => r.info.lines);
  const users = records.map(({ record, info }): ImportRow => {
    const flag = flags[(record.certifiedProfessional ?? '').toLowerCase()];
    if (flag === undefined) throw new UsageError(`Line ${info.lines}: certifiedProfessional is "${record.certifiedProfessional}", not true or false.`);
    const roles = (record.roles ?? '').split(';').map((r) => r.trim()).filter((r) => r !== '');
    return { email: record.email ?? '', name: record.name ?? '', ...(roles.length > 0 && { roles }), ...(flag && { certifiedProfessional: true }) };
  });
  return {
    users,
    explain(error: unknown): never {
      if (error instanceof AllotApiError) {
        const rows = Array.isArray(error.problem.rows) ? (error.problem.rows as { index: number; email: string; reason: string }[]) : [];
        for (const row of rows) process.stderr.write(`line ${lines[row.index] ?? '?'}: ${row.email}: ${row.reason.replaceAll('_', ' ')}\n`);
        const field = /^users\.(\d+)\./.exec(String(error.problem.field ?? ''));
        if (field !== null) process.stderr.write(`line ${lines[Number(field[1])] ?? '?'}: ${String(error.problem.field)}\n`);
      }
      throw error;
    },
  };
}
