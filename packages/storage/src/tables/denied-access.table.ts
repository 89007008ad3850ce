export interface DeniedAccessTable {
  id: string;
  tenant_id: string;
  /** As asked: may name no user of the tenant (`unknown_user`). */
  user_id: string;
  module: string;
  code: string;
  license_id: string | null;
  at: string;
}
