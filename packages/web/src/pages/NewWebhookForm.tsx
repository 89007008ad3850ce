import { useState, type FormEvent } from 'react';
import type { IssuedWebhook, WebhookEventType } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { keysOf } from '../lib/enums';
import { fieldError, isFormProblem } from '../lib/form';

interface NewWebhookFormProps {
  /** null for a vendor webhook. */
  tenantId: string | null;
  /** A vendor admin may point a webhook anywhere; a tenant's admins at public addresses only. */
  publicOnly: boolean;
  onCreated: (webhook: IssuedWebhook) => void;
  onCancel: () => void;
}

/** What each event type a webhook may subscribe to means (SPEC 7), in the order offered. */
const eventMeanings: Record<WebhookEventType, string> = {
  'license.threshold_reached': 'a license crossed its usage threshold',
  'license.expiring': 'a license expires in 30, 7 or 1 days',
  'license.expired': 'a license expired',
  'access.denied': 'an access check was refused',
  'upgrade.requested': 'an upgrade was requested',
  'upgrade.approved': 'an upgrade was approved',
  'upgrade.rejected': 'an upgrade was rejected',
  'purchase.completed': 'a purchase was completed',
  'license_file.loaded': 'a license file was loaded',
};
const eventTypes = keysOf(eventMeanings);

export function NewWebhookForm({ tenantId, publicOnly, onCreated, onCancel }: NewWebhookFormProps) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['license.threshold_reached', 'license.expiring', 'license.expired']);
  const submit = useSubmit();

  const toggle = (type: WebhookEventType, on: boolean) => setEvents(eventTypes.filter((t) => (t === type ? on : events.includes(t))));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body = { url: url.trim(), events };
    const add = () =>
      tenantId === null
        ? ok(api.POST('/v1/webhooks', { body }))
        : ok(api.POST('/v1/tenants/{t}/webhooks', { params: { path: { t: tenantId } }, body }));
    void submit.run(async () => onCreated(await add()));
  };

  const eventsError = fieldError(submit.problem, 'events');
  return (
    <form className="form" onSubmit={onSubmit} aria-label="New webhook">
      {isFormProblem(submit.problem, ['url', 'events']) && <ProblemBanner problem={submit.problem} context="Could not add the webhook" />}
      <div className="form-grid">
        <Field
          label="URL"
          wide
          hint={publicOnly ? 'http or https, at a public address (not this network, not localhost)' : 'http or https; the vendor may point a webhook anywhere'}
          error={fieldError(submit.problem, 'url')}
        >
          <input name="url" type="text" inputMode="url" placeholder="https://hooks.example.com/allot" maxLength={2048} value={url} onChange={(e) => setUrl(e.target.value)} required />
        </Field>
      </div>
      <fieldset className={`role-picker${eventsError !== undefined ? ' field-invalid' : ''}`}>
        <legend className="field-label">Events</legend>
        <div className="role-options webhook-events">
          {eventTypes.map((type) => (
            <label key={type} className="check" title={eventMeanings[type]}>
              <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
              <span className="mono">{type}</span>
            </label>
          ))}
        </div>
        {eventsError !== undefined && <span className="field-error">{eventsError}</span>}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Add webhook
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
