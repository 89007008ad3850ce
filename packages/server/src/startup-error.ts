/**
 * Why the server will not start, in words for whoever runs it (printed without a stack trace):
 * a bad setting, or a database whose signing keys this node cannot open.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
