import type { Migration } from 'kysely';
import * as foundation from './2026-11-22T13-00-00_foundation.js';
import * as seatLicensing from './2026-11-22T14-00-00_seat-licensing.js';
import * as concurrentSessions from './2026-11-22T15-00-00_concurrent-sessions.js';
import * as consumption from './2026-11-22T16-00-00_consumption.js';
import * as devices from './2026-11-22T17-00-00_devices.js';
import * as licenseFiles from './2026-11-22T18-00-00_license-files.js';
import * as liveSessionCounts from './2026-11-22T19-00-00_live-session-counts.js';
import * as codesIgnoringCase from './2026-11-30T19-00-00_codes-ignoring-case.js';
import * as licenseKeyRegistrar from './2026-11-30T19-10-00_license-key-registrar.js';
import * as installationTrust from './2026-11-30T19-20-00_installation-trust.js';
import * as loginLimits from './2026-11-30T20-00-00_login-limits.js';
import * as notifications from './2026-11-30T20-30-00_notifications.js';
import * as webhooks from './2026-11-30T20-40-00_webhooks.js';
import * as oneDeliveryTable from './2026-12-01T10-00-00_one-delivery-table.js';
import * as sealedPrivateKey from './2026-12-01T11-00-00_sealed-private-key.js';
import * as commerce from './2026-12-01T12-00-00_commerce.js';
import * as cacheGenerations from './2026-12-02T10-00-00_cache-generations.js';
import * as seatLastAccess from './2026-12-02T11-00-00_seat-last-access.js';
import * as sessionQueue from './2026-12-02T12-00-00_session-queue.js';
import * as borrowing from './2026-12-02T13-00-00_borrowing.js';
import * as licenseFileHeader from './2026-12-03T10-00-00_license-file-header.js';
import * as advisoryLicensingLock from './2026-12-03T11-00-00_advisory-licensing-lock.js';
import * as hitKeysWithoutRowid from './2026-12-03T12-00-00_hit-keys-without-rowid.js';
import * as hitKeysUnreferenced from './2026-12-03T13-00-00_hit-keys-unreferenced.js';
import * as hitKeysByNumber from './2026-12-03T14-00-00_hit-keys-by-number.js';

/** Every migration, by its timestamped name. Listed here so that they travel with the build. */
export const migrations: Record<string, Migration> = {
  '2026-11-22T13-00-00_foundation': foundation,
  '2026-11-22T14-00-00_seat-licensing': seatLicensing,
  '2026-11-22T15-00-00_concurrent-sessions': concurrentSessions,
  '2026-11-22T16-00-00_consumption': consumption,
  '2026-11-22T17-00-00_devices': devices,
  '2026-11-22T18-00-00_license-files': licenseFiles,
  '2026-11-22T19-00-00_live-session-counts': liveSessionCounts,
  '2026-11-30T19-00-00_codes-ignoring-case': codesIgnoringCase,
  '2026-11-30T19-10-00_license-key-registrar': licenseKeyRegistrar,
  '2026-11-30T19-20-00_installation-trust': installationTrust,
  '2026-11-30T20-00-00_login-limits': loginLimits,
  '2026-11-30T20-30-00_notifications': notifications,
  '2026-11-30T20-40-00_webhooks': webhooks,
  '2026-12-01T10-00-00_one-delivery-table': oneDeliveryTable,
  '2026-12-01T11-00-00_sealed-private-key': sealedPrivateKey,
  '2026-12-01T12-00-00_commerce': commerce,
  '2026-12-02T10-00-00_cache-generations': cacheGenerations,
  '2026-12-02T11-00-00_seat-last-access': seatLastAccess,
  '2026-12-02T12-00-00_session-queue': sessionQueue,
  '2026-12-02T13-00-00_borrowing': borrowing,
  '2026-12-03T10-00-00_license-file-header': licenseFileHeader,
  '2026-12-03T11-00-00_advisory-licensing-lock': advisoryLicensingLock,
  '2026-12-03T12-00-00_hit-keys-without-rowid': hitKeysWithoutRowid,
  '2026-12-03T13-00-00_hit-keys-unreferenced': hitKeysUnreferenced,
  '2026-12-03T14-00-00_hit-keys-by-number': hitKeysByNumber,
};
