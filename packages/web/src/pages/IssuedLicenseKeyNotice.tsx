import type { LicenseKey } from '@allot/sdk/openapi';
import { CopyBox } from '../components/CopyBox';
import { termLongText } from '../lib/devices';

interface IssuedLicenseKeyNoticeProps {
  issued: LicenseKey;
  /** Opens the registration form of this tenant with the key filled in. */
  onRegisterHere?: (() => void) | undefined;
  onDismiss: () => void;
}

/** The key just issued, shown once: it is registered once, in one tenant, with the license terms accepted. */
export function IssuedLicenseKeyNotice({ issued, onRegisterHere, onDismiss }: IssuedLicenseKeyNoticeProps) {
  const licenses = `${issued.count} ${issued.category} ${issued.count === 1 ? 'license' : 'licenses'}`;
  return (
    <section className="banner banner-warning issued-key" aria-label="Issued license key">
      <div className="banner-title">
        License key for {licenses} of {termLongText(issued.termDays)}
      </div>
      <p>Copy it now: this is the only time the console shows it. The customer registers it once, in one tenant, with the license terms accepted.</p>
      <CopyBox value={issued.key} label="New license key" />
      <div className="form-actions">
        {onRegisterHere !== undefined && (
          <button type="button" className="button" onClick={onRegisterHere}>
            Register in this tenant
          </button>
        )}
        <button type="button" className="button button-ghost" onClick={onDismiss}>
          I have copied the key
        </button>
      </div>
    </section>
  );
}
