import type { IssuedWebhook } from '@allot/sdk/openapi';
import { CopyBox } from '../components/CopyBox';

/** The only time a webhook's signing secret is shown. */
export function IssuedWebhookNotice({ webhook, onDismiss }: { webhook: IssuedWebhook; onDismiss: () => void }) {
  return (
    <section className="banner banner-warning issued-key" aria-label="New webhook secret">
      <div className="banner-title">Copy the signing secret of {webhook.url} now</div>
      <p>
        This is the only time the secret is shown. The receiver checks each delivery's <span className="mono">Allot-Signature</span> header with it (see
        the SDK's <span className="mono">verifyWebhookSignature</span>); if it is lost, delete the webhook and add it again.
      </p>
      <CopyBox value={webhook.secret} label="Webhook signing secret" />
      <div className="form-actions">
        <button type="button" className="button" onClick={onDismiss}>
          I have stored the secret
        </button>
      </div>
    </section>
  );
}
