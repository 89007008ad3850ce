// Offline license-file verification in the SDK against its yardstick, the least any reader of the
// file must do: raw Ed25519 `crypto.verify` of the same signed bytes, then `JSON.parse` of them (as
// the HTTP yardsticks parse the same body), in the same process and run. Target: the SDK reaches at
// least 80 % of the yardstick's calls/s; what it adds is the armour, the checks and the grants.
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { keyIdOf, writeLicenseFile } from '@allot/core';
import { verifyLicenseFile } from '@allot/sdk';

const target = 80;

function payload() {
  const license = (i) => ({
    code: `lic-${i}`, name: `License ${i}`, model: 'named', product: 'crm', modules: null, solution: null, quantity: 25, unlimited: false,
    validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2027-01-01T00:00:00.000Z', package: 'Premium', thresholdPercent: 80, role: null,
    heartbeatSeconds: null, bundle: null, retentionDays: null, objectKind: null, countedStatuses: null,
  });
  return {
    format: 'allot-license/1', customerCode: 'BENCH', customerName: 'Bench AG', partnerId: null, orderNumber: 'PO-1', version: 1,
    issuedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2030-01-01T00:00:00.000Z', installationId: null,
    licenses: Array.from({ length: 8 }, (_, i) => license(i)), grace: null,
  };
}

/** Calls per second of `fn` over about `seconds`, after a warm-up. */
function rate(fn, seconds) {
  for (let i = 0; i < 500; i++) fn();
  let calls = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < until) {
    for (let i = 0; i < 100; i++) fn();
    calls += 100;
    now = process.hrtime.bigint();
  }
  return (calls * 1e9) / Number(now - start);
}

export function runVerifyBenchmark(seconds = 3) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const file = writeLicenseFile(payload(), privateKey, publicKey);
  const json = Buffer.from(file.split('\n').slice(4, -3).join(''), 'base64');
  const signature = sign(null, json, privateKey);
  if (!verify(null, json, publicKey, signature)) throw new Error('raw verification failed');
  const check = verifyLicenseFile(file, [pem]);
  if (!check.valid) throw new Error(`SDK verification failed: ${check.detail}`);
  // Alternate the two measurements so that a noisy moment hits both alike.
  const raw = [];
  const sdk = [];
  for (let round = 0; round < 3; round++) {
    raw.push(rate(() => verify(null, json, publicKey, signature) && JSON.parse(json.toString('utf8')), seconds / 3));
    sdk.push(rate(() => verifyLicenseFile(file, [pem]), seconds / 3));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[1];
  const rawRate = median(raw);
  const sdkRate = median(sdk);
  const ratio = (100 * sdkRate) / rawRate;
  return { keyId: keyIdOf(publicKey), payloadBytes: json.length, rawPerSecond: rawRate, sdkPerSecond: sdkRate, ratioPercent: ratio, target, pass: ratio >= target };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = runVerifyBenchmark(Number(process.env.BENCH_DURATION ?? 6));
  console.log(`license-file verification (${r.payloadBytes} bytes signed): SDK ${Math.round(r.sdkPerSecond)}/s vs raw crypto.verify + JSON.parse ${Math.round(r.rawPerSecond)}/s = ${r.ratioPercent.toFixed(1)}% (target ≥ ${r.target}%) ${r.pass ? 'PASS' : 'FAIL'}`);
}
