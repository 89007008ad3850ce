import type { IssuedDayCode } from '@allot/sdk/openapi';
import { CopyBox } from '../components/CopyBox';

/** The day code just issued, with what it grants and when; the log shows uses, not the code. */
export function IssuedDayCodeNotice({ issued, onDismiss }: { issued: IssuedDayCode; onDismiss: () => void }) {
  return (
    <section className="banner banner-success issued-key" aria-label="Issued day code">
      <div className="banner-title">
        Day code for <span className="mono">{issued.module}</span>, valid on {issued.validOn}
      </div>
      <p>Give it to the person who needs the module: a session opened with it gets the module that day, even when unlicensed or full.</p>
      <CopyBox value={issued.dayCode} label="Day code" />
      <div className="form-actions">
        <button type="button" className="button" onClick={onDismiss}>
          Done
        </button>
      </div>
    </section>
  );
}
