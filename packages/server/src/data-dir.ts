import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes the data dir private to the user the server runs as: the directory 0700 and what is in
 * it 0600 (files) or 0700 (folders such as the mail outbox). A data dir made by an older version,
 * 0755 with 0644 files, is tightened at start; what cannot be changed (a file of another user) is
 * answered for the log. The directory alone already keeps other local users out; the file modes
 * hold should it ever be opened up.
 */
export function prepareDataDir(dataDir: string): string[] {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const untouched: string[] = [];
  const tighten = (path: string, mode: number) => {
    try {
      if ((statSync(path).mode & 0o777 & ~mode) !== 0) chmodSync(path, mode);
    } catch {
      untouched.push(path);
    }
  };
  tighten(dataDir, 0o700);
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (entry.isDirectory()) tighten(join(dataDir, entry.name), 0o700);
    else if (entry.isFile()) tighten(join(dataDir, entry.name), 0o600);
  }
  return untouched;
}
