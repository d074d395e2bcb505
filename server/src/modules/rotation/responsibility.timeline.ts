/**
 * The responsibility history in the customer's timeline (codes 22 and 23):
 * each period is an entry at the moment its holder took over.
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
  where: "x.role = 'COLLECTOR'",
});
