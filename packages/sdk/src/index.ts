export * from './client-entry.js';
export { verifyLicenseFile, VerifiedLicenseFile, type LicenseFileVerdict, type GrantedLicense, type VerifyLicenseFileOptions } from './license-file.js';
export { verifyLease, VerifiedLease, type LeaseVerdict } from './lease.js';
export { verifyWebhookSignature, signWebhookBody, type VerifyWebhookOptions, type WebhookSignatureVerdict, type WebhookEventBody } from './webhooks.js';
