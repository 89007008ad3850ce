import { findInvoice, type Db, type DomainEvent } from '@allot/storage';
import { renderInvoicePdf } from '../services/invoice-pdf.js';
import type { MailAttachment } from './mailer.js';

/**
 * What the e-mail of an event carries besides its text: for `purchase.completed`, the invoice
 * as a PDF (SPEC 6: "the invoice mailed with its PDF"), made from the stored invoice when the
 * message is sent, so every attempt attaches the same document.
 */
export async function attachmentsOf(db: Db, event: DomainEvent): Promise<MailAttachment[]> {
  const invoiceId = event.payload.invoiceId;
  if (event.type !== 'purchase.completed' || event.tenantId === null || typeof invoiceId !== 'string') return [];
  const invoice = await findInvoice(db, event.tenantId, invoiceId);
  if (invoice === null) return [];
  return [{ filename: `${invoice.number}.pdf`, content: await renderInvoicePdf(invoice), contentType: 'application/pdf' }];
}
