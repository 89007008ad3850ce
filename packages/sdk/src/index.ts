export { AllotClient, AllotApiError, type ClientOptions } from './client.js';
