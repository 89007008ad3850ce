import { writeFileSync } from 'node:fs';
import { verifyLicenseFile, type LicenseFileVerdict } from '@allot/sdk';
import type { LoadedFile } from '@allot/sdk/openapi';
import type { Command } from 'commander';
import { path } from '../api.js';
import { collect, contextOf, given, readInput, wholeNumber } from '../context.js';
import { printDone, printRecord, printRows } from '../output.js';
import { UsageError } from '../usage-error.js';

/** A changed field's value as one cell: a list joined, none as a dash. */
const shown = (value: unknown): string => (value === null || value === undefined ? '—' : Array.isArray(value) ? value.join(', ') : String(value));

interface IssueOptions {
  fileVersion: number;
  expiresAt: string;
  orderNumber?: string;
  installationId?: string;
  out?: string;
}

/** `allot license-file …`: issue a signed license file, load one, verify one offline. */
export function licenseFileCommand(program: Command): void {
  const files = program.command('license-file').description('signed license files: issue, load, show, verify (offline), public-key');

  files
    .command('issue')
    .description("issue a signed license file of the tenant's licenses (vendor)")
    .requiredOption('--file-version <n>', 'the version of this file (higher than the last one loaded)', wholeNumber(1))
    .requiredOption('--expires-at <instant>', 'when the file expires, e.g. 2027-12-31T23:59:59Z')
    .option('--order-number <number>', 'the order it carries')
    .option('--installation-id <id>', 'bind the file to this installation')
    .option('--out <file>', 'write the file here instead of to stdout')
    .action(async (options: IssueOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const body = given({ version: options.fileVersion, expiresAt: options.expiresAt, orderNumber: options.orderNumber, installationId: options.installationId });
      const issued = await ctx.api.request<{ file: string; keyId: string; version: number }>('POST', path`/v1/tenants/${ctx.tenant}/license-file`, body);
      if (options.out !== undefined) writeFileSync(options.out, issued.file);
      if (ctx.out.json) return printRecord(ctx.out, issued);
      if (options.out === undefined) process.stdout.write(issued.file.endsWith('\n') ? issued.file : `${issued.file}\n`);
      else printDone(ctx.out, `Wrote license file version ${issued.version} (key ${issued.keyId}) to ${options.out}.`);
    });

  files
    .command('load <file>')
    .description('load a license file into the tenant (a refusal changes nothing); --dry-run shows what it would change')
    .option('--dry-run', 'check the file and list the licenses it would add, change and remove, changing nothing')
    .action(async (file: string, options: { dryRun?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const query = options.dryRun === true ? '?dryRun=true' : '';
      const loaded = await ctx.api.request<LoadedFile>('PUT', `${path`/v1/tenants/${ctx.tenant}/license-file`}${query}`, readInput(file));
      if (ctx.out.json) return printRecord(ctx.out, loaded);
      const { added, changed, removed } = loaded.changes;
      const counts = `${added.length} added, ${changed.length} changed, ${removed.length} removed`;
      printDone(ctx.out, loaded.dryRun ? `Version ${loaded.version} would load: ${counts}. Nothing has changed.` : `Loaded version ${loaded.version}: ${counts}.`);
      const rows = [
        ...added.map((l) => ['added', l.code, l.name, '', '', '']),
        ...changed.flatMap((l) => l.changes.map((c) => ['changed', l.code, l.name, c.field, shown(c.before), shown(c.after)])),
        ...removed.map((l) => ['removed', l.code, l.name, '', '', '']),
      ];
      if (rows.length > 0) printRows(ctx.out, ['', 'code', 'name', 'field', 'before', 'after'], rows);
    });

  files
    .command('show')
    .description('the loaded license file and this installation')
    .action(async (_options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('GET', path`/v1/tenants/${ctx.tenant}/license-file`));
    });

  files
    .command('public-key')
    .description("the vendor's public signing key (PEM), for verify")
    .option('--out <file>', 'write the PEM here instead of to stdout')
    .action(async (options: { out?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const key = await ctx.api.request<{ keyId: string; publicKeyPem: string }>('GET', '/v1/vendor/public-key');
      if (options.out !== undefined) writeFileSync(options.out, key.publicKeyPem);
      if (ctx.out.json) printRecord(ctx.out, key);
      else if (options.out === undefined) process.stdout.write(key.publicKeyPem);
      else printDone(ctx.out, `Wrote public key ${key.keyId} to ${options.out}.`);
    });

  files
    .command('verify <file>')
    .description('verify a license file offline with the vendor public key(s); exit 1 when it is not valid')
    .requiredOption('--public-key <pem>', 'a PEM file of a trusted vendor key (repeat for more)', collect)
    .action((file: string, options: { publicKey: string[] }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const text = readInput(file);
      const publicKeys = options.publicKey.map((pem) => readInput(pem));
      let verdict: LicenseFileVerdict;
      try {
        verdict = verifyLicenseFile(text, publicKeys);
      } catch (error) {
        // Only a key that cannot be read throws; a file that does not verify is a verdict.
        throw new UsageError(`A --public-key is not an Ed25519 public key: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (ctx.out.json) printRecord(ctx.out, verdict);
      else if (verdict.valid) {
        const { licenses, ...file } = verdict;
        printRecord(ctx.out, file);
        for (const l of licenses) process.stdout.write(`${l.code}  ${l.name}  ${l.model}  ${l.unlimited ? 'unlimited' : (l.quantity ?? '')}  until ${l.validUntil ?? 'open-ended'}\n`);
      } else process.stderr.write(`allot: the license file is not valid: ${verdict.detail} (${verdict.reason})\n`);
      if (!verdict.valid || verdict.expired) process.exitCode = 1;
    });
}
