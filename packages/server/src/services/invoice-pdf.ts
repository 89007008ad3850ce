import { formatMoney } from '@allot/core';
import type { Invoice } from '@allot/storage';

/**
 * Characters the PDF's standard fonts (WinAnsi) can show: Latin-1 and the few extras of
 * Windows-1252 (€, dashes, quotes). Others are replaced, so that no text turns into garbage;
 * the narrow spaces some locales put in numbers become plain ones, the full-width yen the yen.
 */
const winAnsiExtras = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

function printable(text: string): string {
  return [...text.replace(/[\u202f\u2009\u2007]/g, ' ').replace(/\uffe5/g, '¥')]
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.includes(ch) || ch === '\n' ? ch : '?';
    })
    .join('');
}

/** A calendar day as the locale writes it ("30. Januar 2026", "January 30, 2026"). */
function formatDay(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

const page = { margin: 56, width: 595.28 };
const ink = '#1f2933';
const muted = '#52606d';

/** Table columns: label, x, width, alignment. */
const columns = [
  { label: 'Description', x: 56, width: 190, align: 'left' },
  { label: 'Quantity', x: 246, width: 52, align: 'right' },
  { label: 'Price per period', x: 300, width: 88, align: 'right' },
  { label: 'Days', x: 390, width: 60, align: 'right' },
  { label: 'Amount', x: 452, width: 87, align: 'right' },
] as const;

/**
 * The invoice as a PDF (A4, pdfkit): vendor and customer, number, date, billing period, each line
 * with its quantity, rate, days of the period and amount, and the total, money and dates written
 * for the contract's locale. The document's dates are the invoice's, so the same invoice always
 * gives the same bytes.
 */
export async function renderInvoicePdf(invoice: Invoice): Promise<Buffer> {
  // Loaded on the first invoice: pdfkit and its fonts are a tenth of the server's heap.
  const { default: PDFDocument } = await import('pdfkit');
  const money = (amount: number) => printable(formatMoney(amount, invoice.currency, invoice.locale));
  const day = (text: string) => printable(formatDay(text, invoice.locale));
  const issued = new Date(invoice.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: page.margin,
    info: { Title: `Invoice ${invoice.number}`, Author: printable(invoice.vendorName), Subject: `Invoice for ${printable(invoice.customerName)}`, CreationDate: issued, ModDate: issued },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const right = page.width - page.margin;

  doc.fillColor(ink).font('Helvetica-Bold').fontSize(16).text(printable(invoice.vendorName), page.margin, page.margin, { width: 280 });
  if (invoice.vendorAddress !== null) doc.font('Helvetica').fontSize(9).fillColor(muted).text(printable(invoice.vendorAddress), { width: 280 });
  doc.fillColor(ink).font('Helvetica-Bold').fontSize(22).text('INVOICE', 340, page.margin, { width: right - 340, align: 'right' });
  const facts: [string, string][] = [
    ['Number', invoice.number],
    ['Date', day(invoice.invoiceDate)],
    ['Billing period', `${day(invoice.periodStart)} – ${day(invoice.periodEnd)}`],
  ];
  let y = page.margin + 34;
  for (const [label, value] of facts) {
    doc.font('Helvetica').fontSize(9).fillColor(muted).text(label, 300, y, { width: 80, align: 'right' });
    doc.font('Helvetica-Bold').fillColor(ink).text(value, 386, y, { width: right - 386, align: 'right' });
    y += 14;
  }

  y = Math.max(y, doc.y) + 28;
  doc.font('Helvetica').fontSize(9).fillColor(muted).text('Bill to', page.margin, y);
  doc.font('Helvetica-Bold').fontSize(12).fillColor(ink).text(printable(invoice.customerName), page.margin, y + 12, { width: 300 });
  doc.font('Helvetica').fontSize(9).fillColor(muted).text(`Customer ${printable(invoice.customerCode)}`, { width: 300 });

  y = doc.y + 28;
  doc.rect(page.margin, y - 6, right - page.margin, 22).fill('#eef2f6');
  doc.fillColor(ink).font('Helvetica-Bold').fontSize(9);
  for (const column of columns) doc.text(column.label, column.x, y, { width: column.width, align: column.align });
  y += 24;
  doc.font('Helvetica').fontSize(10);
  for (const line of invoice.lines) {
    const cells = [printable(line.description), String(line.quantity), money(line.unitPrice), `${line.days} of ${line.daysInPeriod}`, money(line.amount)];
    const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i]?.width ?? 60 })));
    cells.forEach((cell, i) => {
      const column = columns[i];
      if (column !== undefined) doc.text(cell, column.x, y, { width: column.width, align: column.align });
    });
    y += height + 10;
    doc.moveTo(page.margin, y - 5).lineTo(right, y - 5).lineWidth(0.5).strokeColor('#cbd2d9').stroke();
  }
  y += 6;
  doc.font('Helvetica-Bold').fontSize(12).text('Total', 300, y, { width: 150, align: 'right' });
  doc.text(money(invoice.amount), 452, y, { width: right - 452, align: 'right' });
  y += 18;
  doc.font('Helvetica').fontSize(9).fillColor(muted).text(`Amounts in ${invoice.currency}.`, 300, y, { width: right - 300, align: 'right' });

  y += 40;
  doc
    .fontSize(9)
    .fillColor(muted)
    .text(
      'Seats bought during the term are billed per day for the rest of the current billing period: unit price × quantity × days ÷ days in the period, rounded half-up to the minor unit once per line.',
      page.margin,
      y,
      { width: right - page.margin },
    );
  doc.end();
  return done;
}
