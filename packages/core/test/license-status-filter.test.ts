import { describe, expect, it } from 'vitest';
import { licenseStatus, licenseStatuses } from '../src/license.js';
import { licenseStatusCondition, meetsStatusCondition } from '../src/license-status-filter.js';

const now = '2025-01-01T00:00:00.000Z';

describe('licenseStatusCondition', () => {
  const licenses: [string, { suspended: boolean; validUntil: string | null }][] = [
    ['open-ended', { suspended: false, validUntil: null }],
    ['valid a while longer', { suspended: false, validUntil: '2025-06-01T00:00:00.000Z' }],
    ['valid for one more millisecond', { suspended: false, validUntil: '2025-01-01T00:00:00.001Z' }],
    ['ending at this very moment', { suspended: false, validUntil: now }],
    ['ended long ago', { suspended: false, validUntil: '2020-01-01T00:00:00.000Z' }],
    ['suspended and open-ended', { suspended: true, validUntil: null }],
    ['suspended and ended', { suspended: true, validUntil: '2020-01-01T00:00:00.000Z' }],
  ];

  it.each(licenses)('selects a license %s by exactly the status licenseStatus gives it', (_name, license) => {
    for (const status of licenseStatuses) {
      expect(meetsStatusCondition(license, licenseStatusCondition(status, now))).toBe(licenseStatus(license, now) === status);
    }
  });

  it.each([
    ['active', { suspended: false, expired: false, now }],
    ['expired', { suspended: false, expired: true, now }],
    ['suspended', { suspended: true, expired: undefined, now }],
  ] as const)('asks %s of the stored fields', (status, condition) => {
    expect(licenseStatusCondition(status, now)).toEqual(condition);
  });
});
