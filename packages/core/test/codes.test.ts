import { describe, expect, it } from 'vitest';
import { codeFormat, codeKey, compareCodes, isCatalogCode, licenseCoversModule, moduleRefFormat, parseModuleRef } from '../src/module-ref.js';

describe('codes as vendors write them', () => {
  it.each([
    ['PSS2', true],
    ['WebDAV_Audit', true],
    ['PMFS-PRO', true],
    ['CRM-N', true],
    ['crm', true],
    ['v1.2', true],
    ['9lives', true],
    ['x', true],
    ['A'.repeat(64), true],
    ['A'.repeat(65), false],
    ['', false],
    ['-pro', false],
    ['_audit', false],
    ['.hidden', false],
    ['two words', false],
    ['crm:leads', false],
    ['Müller', false],
    ['semi;colon', false],
    ['tab\there', false],
  ])('%j is a code: %s', (code, valid) => {
    expect(isCatalogCode(code)).toBe(valid);
    // The schemas read the same pattern: one definition for API, files and forms.
    expect(new RegExp(codeFormat.pattern).test(code)).toBe(valid);
  });

  it.each([
    ['PSS2:Reservations', { product: 'PSS2', module: 'Reservations' }],
    ['pss2:reservations', { product: 'pss2', module: 'reservations' }],
    ['PMFS-PRO:WebDAV_Audit', { product: 'PMFS-PRO', module: 'WebDAV_Audit' }],
    ['PSS2', null],
    ['PSS2:', null],
    [':Reservations', null],
    ['a:b:c', null],
    ['PSS2:-x', null],
  ])('reads the module reference %j', (text, ref) => {
    expect(parseModuleRef(text)).toEqual(ref);
    expect(new RegExp(moduleRefFormat.pattern).test(text)).toBe(ref !== null);
  });

  it.each([
    ['PMFS-PRO', 'pmfs-pro', true],
    ['WebDAV_Audit', 'webdav_audit', true],
    ['PSS2', 'PSS2', true],
    ['PSS2', 'PSS3', false],
    ['crm-n', 'crm_n', false],
  ])('%j and %j are one code: %s', (a, b, same) => {
    expect(codeKey(a) === codeKey(b)).toBe(same);
  });

  it('lists codes ignoring case first, the same on every database', () => {
    expect(['b', 'WebDAV_Audit', 'Admin', 'a', 'Reports', 'PSS2'].sort(compareCodes)).toEqual(['a', 'Admin', 'b', 'PSS2', 'Reports', 'WebDAV_Audit']);
    expect(['pss2', 'PSS2', 'Pss2'].sort(compareCodes)).toEqual(['PSS2', 'Pss2', 'pss2']);
  });
});

describe('which module a license of a product covers', () => {
  it.each([
    [{ product: 'PSS2', modules: ['Reservations'] }, 'PSS2:Reservations', true],
    [{ product: 'PSS2', modules: ['Reservations'] }, 'pss2:RESERVATIONS', true],
    [{ product: 'PSS2', modules: ['Reservations'] }, 'PSS2:Rooms', false],
    [{ product: 'PSS2', modules: null }, 'PSS2:Anything', true],
    [{ product: 'PSS2', modules: null }, 'CRM-N:Anything', false],
    [{ product: 'PSS2', modules: [] }, 'PSS2:Reservations', false],
    [{ product: null, modules: null }, 'PSS2:Reservations', false],
    [{ product: 'PSS2', modules: null }, 'not a reference', false],
    [{ product: 'LAB', modules: ['Bench'] }, 'lab:bench', true],
  ])('%j covers %s: %s', (license, ref, covers) => {
    expect(licenseCoversModule(license, ref)).toBe(covers);
    const parsed = parseModuleRef(ref);
    if (parsed !== null) expect(licenseCoversModule(license, parsed)).toBe(covers);
  });
});
