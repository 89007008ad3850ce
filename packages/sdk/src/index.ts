export { AllotClient, AllotApiError, type ClientOptions } from './client.js';
export { verifyLicenseFile, type LicenseFileVerdict, type GrantedLicense } from './license-file.js';
export { verifyWebhookSignature, signWebhookBody, type VerifyWebhookOptions, type WebhookSignatureVerdict, type WebhookEventBody } from './webhooks.js';
