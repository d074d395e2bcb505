/**
 * The ledger in the customer's timeline (codes 11–13; DOMAIN.md "Customers":
 * the customer view gathers everything, "Receivables and collection"): bills
 * at the start of their issue day (company time zone), payments when paid,
 * adjustments (credit notes 红冲/退补, debits 补收, write-offs 核销) when
 * recorded. Readable with receivables:read only. Each source is served by an
 * index on (customer, moment, id) — see Migration20261126067000_ledger_timeline —
 * so a page stays a short index scan per source.
 */
import { COMPANY_TIME_ZONE } from '../../calendar.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { registerTimelineSource } from '../timeline/timeline.sources.js';
import { TimelineKind } from '../timeline/timeline-entry.js';
import { Adjustment, Bill, Payment } from './receivables.entity.js';

/**
 * The issue day as an instant: midnight of that day in the company zone. The
 * index bill_customer_issued_idx is built for Asia/Shanghai, the default
 * zone; another zone gives the same entries, read without that index.
 */
export const BILL_ISSUED_AT = `(x.issued_on::timestamp at time zone '${COMPANY_TIME_ZONE.replace(/'/g, "''")}')`;

registerTimelineSource({
  kind: TimelineKind.BILL_ISSUED,
  code: 11,
  subject: Bill,
  from: 'bill x',
  customerId: 'x.customer_id',
  occurredAt: BILL_ISSUED_AT,
  actorId: 'null',
  requires: ApiKeyScope.RECEIVABLES_READ,
});
registerTimelineSource({
  kind: TimelineKind.PAYMENT_RECEIVED,
  code: 12,
  subject: Payment,
  from: 'payment x',
  customerId: 'x.customer_id',
  occurredAt: 'x.paid_at',
  actorId: 'x.recorded_by_user_id',
  requires: ApiKeyScope.RECEIVABLES_READ,
});
registerTimelineSource({
  kind: TimelineKind.BALANCE_ADJUSTED,
  code: 13,
  subject: Adjustment,
  from: 'adjustment x',
  customerId: 'x.customer_id',
  occurredAt: 'x.created_at',
  actorId: 'null',
  requires: ApiKeyScope.RECEIVABLES_READ,
});
