/**
 * The return-visits module's entries in a customer's timeline (codes 20–21):
 * a return visit 回访 scheduled, and made.
 */
import { TimelineKind } from '../timeline/timeline-entry.js';
import { registerTimelineSource, sourceOfKind } from '../timeline/timeline.sources.js';
import { ReturnVisit } from './return-visit.entity.js';

// Registered once, however often this module is imported.
if (!sourceOfKind(TimelineKind.RETURN_VISIT_SCHEDULED)) {
  registerTimelineSource({
    kind: TimelineKind.RETURN_VISIT_SCHEDULED,
    code: 20,
    subject: ReturnVisit,
    from: 'return_visit x',
    customerId: 'x.customer_id',
    occurredAt: 'x.scheduled_at',
    actorId: 'null',
  });
  registerTimelineSource({
    kind: TimelineKind.RETURN_VISIT_DONE,
    code: 21,
    subject: ReturnVisit,
    // Not `v`: the timeline query calls its visible customers `v`.
    from: 'return_visit x join visit rv on rv.id = x.visit_id',
    customerId: 'x.customer_id',
    occurredAt: 'x.completed_at',
    actorId: 'rv.recorded_by_id',
    where: 'x.completed_at is not null',
  });
}
