import type { Db } from '../database.js';

export interface Purchase {
  id: string;
  tenantId: string;
  licenseId: string;
  added: number;
  newQuantity: number;
  invoiceId: string;
  /** The owner who confirmed it. */
  purchasedBy: string;
  purchasedAt: string;
}

export async function insertPurchase(db: Db, purchase: Purchase, recordedAt: string): Promise<void> {
  await db
    .insertInto('purchases')
    .values({
      id: purchase.id,
      tenant_id: purchase.tenantId,
      license_id: purchase.licenseId,
      added: purchase.added,
      new_quantity: purchase.newQuantity,
      invoice_id: purchase.invoiceId,
      purchased_by: purchase.purchasedBy,
      purchased_at: purchase.purchasedAt,
      created_at: recordedAt,
    })
    .execute();
}
