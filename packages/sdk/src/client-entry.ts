// `@allot/sdk/client`: the API client alone, without the offline license-file, lease and webhook
// checks (which use node:crypto), for runtimes that have fetch and Web Crypto but not Node's crypto.
export { AllotClient, type ClientOptions, type OpenSessionOptions, type AccessAnswer, type AccessVerdict } from './client.js';
export { AllotApiError, AllotNetworkError, type Problem, type ProblemCode } from './errors.js';
export { SessionHandle, type Session, type Borrow, type BorrowWithLease } from './session.js';
export { AllotWaitExpiredError, type QueueEntry, type QueueTicket } from './session-queue.js';
export { UsageBuffer, type HitEvent, type HitKind, type HitRefusal, type HitResult } from './usage.js';
