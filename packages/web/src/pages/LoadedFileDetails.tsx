import type { LoadedFileInfo } from '@allot/sdk/openapi';
import { formatBound } from '../lib/dates';
import { formatInstant } from '../lib/format';

const none = <span className="muted">—</span>;

/** The loaded license file as Planon's License step lists it: customer, partner, order, version, expiry, grace key, key and load time. */
export function LoadedFileDetails({ info, timeZone, demo }: { info: LoadedFileInfo; timeZone: string; demo: boolean }) {
  const file = info.loaded;
  if (file === null) {
    return (
      <>
        <p className="muted">No license file has been loaded into this tenant: its licenses, if any, were granted in the console or the API.</p>
        <dl className="details" aria-label="This installation">
          <dt>This installation</dt>
          <dd className="mono">{info.installationId}</dd>
        </dl>
      </>
    );
  }
  return (
    <>
      {demo && (
        <p className="banner banner-info">
          Every license was deleted after this file was loaded. Its version stays the floor: only a file of a higher version than {file.version} loads.
        </p>
      )}
      <dl className="details" aria-label="Loaded license file">
        <dt>Customer code</dt>
        <dd className="mono">{file.customerCode ?? none}</dd>
        <dt>Customer name</dt>
        <dd>{file.customerName ?? none}</dd>
        <dt>Partner ID</dt>
        <dd>{file.partnerId ?? none}</dd>
        <dt>Order number</dt>
        <dd>{file.orderNumber ?? none}</dd>
        <dt>Version</dt>
        <dd>{file.version}</dd>
        <dt>Issued</dt>
        <dd>{file.issuedAt === null ? none : formatInstant(file.issuedAt, timeZone)}</dd>
        <dt>Expires</dt>
        <dd>{formatInstant(file.expiresAt, timeZone)}</dd>
        <dt>Grace period</dt>
        <dd data-testid="grace-period">
          {file.grace === null ? (
            <span className="muted">None in this file</span>
          ) : (
            <>
              <span className="mono">{file.grace.licenseCode}</span>: {formatBound(file.grace.startsAt, 'from', timeZone)} through {formatBound(file.grace.endsAt, 'until', timeZone)}
            </>
          )}
        </dd>
        {file.grace !== null && (
          <>
            <dt>Grace order number</dt>
            <dd>{file.grace.orderNumber}</dd>
            <dt>Grace version</dt>
            <dd>{file.version} <span className="muted">· the grace key comes with the file</span></dd>
          </>
        )}
        <dt>Signed with key</dt>
        <dd className="mono">{file.keyId}</dd>
        <dt>Bound to</dt>
        <dd>{file.installationId === null ? 'Any installation of the customer' : <span className="mono">{file.installationId}</span>}</dd>
        <dt>This installation</dt>
        <dd className="mono">{info.installationId}</dd>
        <dt>Loaded</dt>
        <dd>{formatInstant(file.loadedAt, timeZone)}</dd>
      </dl>
    </>
  );
}
