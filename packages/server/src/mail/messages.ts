import { audienceOf, describeEvent, isEventType, type Role } from '@allot/core';
import type { DomainEvent } from '@allot/storage';

/** What an e-mail about an event says: subject, plain text and HTML with the same content. */
export interface EventMail {
  subject: string;
  text: string;
  html: string;
}

const roleNames: Record<Role, string> = {
  owner: 'owner',
  license_manager: 'license manager',
  system_admin: 'system administrator',
  auditor: 'auditor',
  member: 'member',
};

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** Why this person hears of the event: their role, or their own request. */
function reasonOf(event: DomainEvent, tenantName: string): string {
  const audience = isEventType(event.type) ? audienceOf(event.type) : { kind: 'none' as const };
  if (audience.kind === 'requester') return `You get this e-mail because you made the request in ${tenantName}.`;
  if (audience.kind === 'roles') return `You get this e-mail as ${audience.roles.map((r) => roleNames[r]).join(', ').replace(/, ([^,]*)$/, ' or $1')} of ${tenantName} in Allot.`;
  return `You get this e-mail from Allot for ${tenantName}.`;
}

/**
 * The e-mail of an event for one person: what happened and what to do (core's `describeEvent`,
 * the same words as the console's notification), and a link to the console page, under the
 * installation's public URL.
 *
 * @example
 * eventMail(event, { tenantName: 'Acme', recipientName: 'Ann', publicUrl: 'https://allot.example.com' }).subject // '[Allot] License CRM-N has expired'
 */
export function eventMail(event: DomainEvent, context: { tenantName: string; recipientName: string | null; publicUrl: string }): EventMail {
  const message = describeEvent(event.type, event.tenantId, event.payload);
  const link = `${context.publicUrl.replace(/\/+$/, '')}${message.path}`;
  const greeting = context.recipientName === null || context.recipientName === '' ? 'Hello,' : `Hello ${context.recipientName},`;
  const reason = reasonOf(event, context.tenantName);
  const text = [greeting, '', message.body, '', `Open it in the console: ${link}`, '', '-- ', reason, ''].join('\n');
  const html = [
    '<!doctype html>',
    '<html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2933;">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<h1 style="font-size: 1.2em;">${escapeHtml(message.title)}</h1>`,
    `<p>${escapeHtml(message.body)}</p>`,
    `<p><a href="${escapeHtml(link)}" style="display: inline-block; padding: 0.5em 1em; background: #1d4ed8; color: #fff; text-decoration: none; border-radius: 4px;">Open in the console</a></p>`,
    `<p style="font-size: 0.85em; color: #52606d;">${escapeHtml(reason)}<br>${escapeHtml(link)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: `[Allot] ${message.title}`, text, html };
}
