import type { Kysely } from 'kysely';
import type { TenantsTable } from './tables/tenants.table.js';
import type { UsersTable } from './tables/users.table.js';
import type { GroupMembersTable, GroupsTable } from './tables/groups.table.js';
import type { ModulesTable, ProductsTable, SolutionModulesTable, SolutionsTable } from './tables/catalog.table.js';
import type { ApiKeysTable } from './tables/api-keys.table.js';
import type { ConsoleSessionsTable, LoginAttemptsTable } from './tables/console-sessions.table.js';
import type { AuditEventsTable } from './tables/audit-events.table.js';
import type { JobRunsTable } from './tables/job-runs.table.js';
import type { LicenseAssignmentsTable, LicenseGroupsTable, LicenseSeatsTable, LicensesTable, SeatLastAccessTable } from './tables/licenses.table.js';
import type { DeniedAccessTable } from './tables/denied-access.table.js';
import type { EventsTable } from './tables/events.table.js';
import type { DeliveriesTable, LicenseExpiryNoticesTable, NotificationsTable, OutboxCursorsTable } from './tables/notifications.table.js';
import type { ContractsTable, InvoiceSequencesTable, InvoicesTable, PurchasesTable, UpgradeRequestsTable } from './tables/commerce.table.js';
import type { WebhooksTable } from './tables/webhooks.table.js';
import type {
  InstallationTable,
  KnownInstallationCustomersTable,
  KnownInstallationsTable,
  LicenseFileLoadsTable,
  LicenseRequestsTable,
  SigningKeysTable,
  UsageReportsTable,
} from './tables/license-files.table.js';
import type { DeviceLicensesTable, DevicesTable, LicenseKeysTable } from './tables/devices.table.js';
import type { ActiveUserLinksTable, DataUsageTable, HitBatchesTable, HitDaysTable, HitKeysTable, HitYearsTable, TenantNumbersTable, VolumeObjectsTable } from './tables/consumption.table.js';
import type { BorrowsTable } from './tables/borrows.table.js';
import type { SessionQueueTable } from './tables/session-queue.table.js';
import type { DayCodesTable, DayCodeUsesTable, ExcessUsageTable, LicenseGraceTable, SessionModulesTable, SessionsTable } from './tables/sessions.table.js';

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  products: ProductsTable;
  modules: ModulesTable;
  solutions: SolutionsTable;
  solution_modules: SolutionModulesTable;
  api_keys: ApiKeysTable;
  console_sessions: ConsoleSessionsTable;
  login_attempts: LoginAttemptsTable;
  audit_events: AuditEventsTable;
  job_runs: JobRunsTable;
  licenses: LicensesTable;
  license_assignments: LicenseAssignmentsTable;
  license_groups: LicenseGroupsTable;
  license_seats: LicenseSeatsTable;
  seat_last_access: SeatLastAccessTable;
  denied_access: DeniedAccessTable;
  events: EventsTable;
  license_grace: LicenseGraceTable;
  sessions: SessionsTable;
  session_queue: SessionQueueTable;
  borrows: BorrowsTable;
  session_modules: SessionModulesTable;
  day_codes: DayCodesTable;
  day_code_uses: DayCodeUsesTable;
  excess_usage: ExcessUsageTable;
  hit_days: HitDaysTable;
  hit_years: HitYearsTable;
  hit_keys: HitKeysTable;
  hit_batches: HitBatchesTable;
  tenant_numbers: TenantNumbersTable;
  data_usage: DataUsageTable;
  volume_objects: VolumeObjectsTable;
  active_user_links: ActiveUserLinksTable;
  license_keys: LicenseKeysTable;
  devices: DevicesTable;
  device_licenses: DeviceLicensesTable;
  signing_keys: SigningKeysTable;
  installation: InstallationTable;
  license_file_loads: LicenseFileLoadsTable;
  license_requests: LicenseRequestsTable;
  usage_reports: UsageReportsTable;
  known_installations: KnownInstallationsTable;
  known_installation_customers: KnownInstallationCustomersTable;
  license_expiry_notices: LicenseExpiryNoticesTable;
  outbox_cursors: OutboxCursorsTable;
  notifications: NotificationsTable;
  deliveries: DeliveriesTable;
  webhooks: WebhooksTable;
  contracts: ContractsTable;
  upgrade_requests: UpgradeRequestsTable;
  purchases: PurchasesTable;
  invoices: InvoicesTable;
  invoice_sequences: InvoiceSequencesTable;
}

/** A database handle or an open transaction: repositories take either, the caller owns the transaction. */
export type Db = Kysely<Database>;

export type Dialect = 'sqlite' | 'postgres';
