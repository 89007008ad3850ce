/** A command line that cannot be run as given (a missing tenant, URL or key, a bad value): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
