/**
 * The responsibility history in the customer's timeline (codes 22 and 23):
 * each period is an entry at the moment its holder took over, except an
 * account's first collector.
 */
import { registerTimelineSource } from '../timeline/timeline.sources.js';
import { TimelineKind } from '../timeline/timeline-entry.js';
import { ResponsibilityPeriod } from './responsibility-period.entity.js';

registerTimelineSource({
  kind: TimelineKind.RESPONSIBILITY_CHANGED,
  code: 22,
  subject: ResponsibilityPeriod,
  from: 'responsibility_period x',
  customerId: 'x.customer_id',
  occurredAt: 'x.started_at',
  actorId: 'x.changed_by_id',
  where: "x.role in ('REP', 'LEADER')",
});
registerTimelineSource({
  kind: TimelineKind.COLLECTOR_CHANGED,
  code: 23,
  subject: ResponsibilityPeriod,
  from: 'responsibility_period x',
  customerId: 'x.customer_id',
  occurredAt: 'x.started_at',
  actorId: 'x.changed_by_id',
  // The collector an account starts with (recorded with the account, or
  // filled in by the history's backfill) is no hand-over: only later ones show.
  where: "x.role = 'COLLECTOR' and x.started_at > (select sa.created_at from service_account sa where sa.id = x.service_account_id)",
});
