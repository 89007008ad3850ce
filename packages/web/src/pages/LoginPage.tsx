import { useState, type FormEvent } from 'react';
import type { SessionInfo } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError } from '../lib/form';

type Tab = 'user' | 'key';

interface LoginPageProps {
  onLoggedIn: (session: SessionInfo) => Promise<void>;
  /** Why the login page is showing, e.g. after the session expired. */
  notice?: string | undefined;
}

function UserLoginForm({ onLoggedIn }: { onLoggedIn: (session: SessionInfo) => Promise<void> }) {
  const [tenant, setTenant] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = useSubmit();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => await onLoggedIn(await ok(api.POST('/v1/auth/login', { body: { tenant: tenant.trim(), email: email.trim(), password } }))));
  };
  return (
    <form className="form-stack" onSubmit={onSubmit} aria-label="Tenant user login">
      <ProblemBanner problem={submit.problem} context="Could not log in" />
      <Field label="Tenant" hint="Your organisation's customer code or tenant id" error={fieldError(submit.problem, 'tenant')}>
        <input name="tenant" autoComplete="organization" required value={tenant} onChange={(e) => setTenant(e.target.value)} />
      </Field>
      <Field label="Email" error={fieldError(submit.problem, 'email')}>
        <input name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field label="Password" error={fieldError(submit.problem, 'password')}>
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      <button type="submit" className="button button-primary button-block" disabled={submit.busy}>
        {submit.busy ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}

function KeyLoginForm({ onLoggedIn }: { onLoggedIn: (session: SessionInfo) => Promise<void> }) {
  const [apiKey, setApiKey] = useState('');
  const submit = useSubmit();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => await onLoggedIn(await ok(api.POST('/v1/auth/login', { body: { apiKey: apiKey.trim() } }))));
  };
  return (
    <form className="form-stack" onSubmit={onSubmit} aria-label="API key login">
      <ProblemBanner problem={submit.problem} context="Could not log in" />
      <Field label="API key" hint="A vendor-admin or tenant-admin key, or the installation's admin token" error={fieldError(submit.problem, 'apiKey')}>
        <input name="apiKey" type="password" autoComplete="off" spellCheck={false} required value={apiKey} onChange={(e) => setApiKey(e.target.value)} />
      </Field>
      <button type="submit" className="button button-primary button-block" disabled={submit.busy}>
        {submit.busy ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}

export function LoginPage({ onLoggedIn, notice }: LoginPageProps) {
  const [tab, setTab] = useState<Tab>('user');
  return (
    <div className="login">
      <div className="login-card">
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">
            A
          </span>
          <span className="login-brand-name">Allot</span>
        </div>
        <h1 className="login-title">Sign in to the console</h1>
        {notice !== undefined && <div className="banner banner-info">{notice}</div>}
        <div className="tabs" role="tablist" aria-label="How to log in">
          <button type="button" role="tab" aria-selected={tab === 'user'} className={`tab${tab === 'user' ? ' is-active' : ''}`} onClick={() => setTab('user')}>
            Tenant user
          </button>
          <button type="button" role="tab" aria-selected={tab === 'key'} className={`tab${tab === 'key' ? ' is-active' : ''}`} onClick={() => setTab('key')}>
            API key
          </button>
        </div>
        <div role="tabpanel">{tab === 'user' ? <UserLoginForm onLoggedIn={onLoggedIn} /> : <KeyLoginForm onLoggedIn={onLoggedIn} />}</div>
      </div>
      <p className="login-foot">Allot license management</p>
    </div>
  );
}
