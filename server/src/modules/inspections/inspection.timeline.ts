/**
 * The inspections module's entries in a customer's timeline (codes 17–19):
 * inspections performed (at noon of their day, company time zone) and
 * rectification notices issued and closed.
 */
import { COMPANY_TIME_ZONE } from '../../calendar.js';
import { TimelineKind } from '../timeline/timeline-entry.js';
import { registerTimelineSource, sourceOfKind } from '../timeline/timeline.sources.js';
import { Inspection, RectificationNotice } from './inspection.entity.js';

// Registered once, however often this module is imported.
if (!sourceOfKind(TimelineKind.INSPECTION_PERFORMED)) {
  registerTimelineSource({
    kind: TimelineKind.INSPECTION_PERFORMED,
    code: 17,
    subject: Inspection,
    from: 'inspection x',
    customerId: 'x.customer_id',
    // A zone name from configuration (GRIDLINE_TIME_ZONE), not user input; quotes are stripped all the same.
    occurredAt: `((x.performed_on + time '12:00') at time zone '${COMPANY_TIME_ZONE.replaceAll("'", '')}')`,
    actorId: 'x.recorded_by_id',
  });
  registerTimelineSource({
    kind: TimelineKind.RECTIFICATION_OPENED,
    code: 18,
    subject: RectificationNotice,
    from: 'rectification_notice x join inspection ri on ri.id = x.inspection_id',
    customerId: 'x.customer_id',
    occurredAt: 'x.opened_at',
    actorId: 'ri.recorded_by_id',
  });
  registerTimelineSource({
    kind: TimelineKind.RECTIFICATION_CLOSED,
    code: 19,
    subject: RectificationNotice,
    from: 'rectification_notice x',
    customerId: 'x.customer_id',
    occurredAt: 'x.closed_at',
    actorId: 'x.closed_by_id',
    where: 'x.closed_at is not null',
  });
}
