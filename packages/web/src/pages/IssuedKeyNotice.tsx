import type { IssuedKey } from '@allot/sdk/openapi';
import { CopyBox } from '../components/CopyBox';

/** The only time the secret is shown: the server keeps just a hash of it. */
export function IssuedKeyNotice({ issued, onDismiss }: { issued: IssuedKey; onDismiss: () => void }) {
  return (
    <section className="banner banner-warning issued-key" aria-label="New API key">
      <div className="banner-title">Copy the key “{issued.apiKey.name}” now</div>
      <p>This is the only time the key is shown. Store it in a secret manager; if it is lost, revoke it and create a new one.</p>
      <CopyBox value={issued.key} label="New API key" />
      <div className="form-actions">
        <button type="button" className="button" onClick={onDismiss}>
          I have stored the key
        </button>
      </div>
    </section>
  );
}
