import type { License } from './license.js';

/** What is wrong with a license as asked for: the field, and a sentence for the person who asked. */
export interface LicenseProblem {
  field: string;
  detail: string;
}

/**
 * Why a license may not be changed or withdrawn on its own, or null: one a license file granted is
 * the vendor's signed grant, quantity, terms and status, which the next file replaces whole; a
 * new file changes it (or removing every license of the tenant withdraws it). The API applies it
 * (`changeLicense`, the withdrawal of a license) and the console reads it to offer no such change.
 */
export function fileLicenseProblem(license: Pick<License, 'source'>, field: string): LicenseProblem | null {
  if (license.source !== 'license_file') return null;
  return { field, detail: 'A license from the license file is what the vendor signed; load a new license file to change or withdraw it.' };
}
