/**
 * The meters module's entries in a customer's timeline (codes 14–16; see
 * timeline.sources.ts): a meter installed, calibrated 计量检定 or removed
 * 拆表/换表, at the start of that day in the company time zone (the facts are
 * dated, not timed). Imported by the resolver, so the sources exist before
 * the schema is built.
 */
import { COMPANY_TIME_ZONE } from '../../calendar.js';
import { TimelineKind } from '../timeline/timeline-entry.js';
import { registerTimelineSource, sourceOfKind } from '../timeline/timeline.sources.js';
import { Meter, MeterCalibration } from './meter.entity.js';

const zone = COMPANY_TIME_ZONE.replaceAll("'", "''");
const startOf = (column: string) => `(${column}::timestamp at time zone '${zone}')`;

if (!sourceOfKind(TimelineKind.METER_INSTALLED)) {
  registerTimelineSource({
    kind: TimelineKind.METER_INSTALLED,
    code: 14,
    subject: Meter,
    from: 'meter x join service_account a on a.id = x.service_account_id',
    customerId: 'a.customer_id',
    occurredAt: startOf('x.installed_on'),
    actorId: 'x.installed_by_id',
  });
  registerTimelineSource({
    kind: TimelineKind.METER_CALIBRATED,
    code: 15,
    subject: MeterCalibration,
    from: 'meter_calibration x join meter m on m.id = x.meter_id join service_account a on a.id = m.service_account_id',
    customerId: 'a.customer_id',
    occurredAt: startOf('x.calibrated_on'),
    actorId: 'x.calibrated_by_id',
  });
  registerTimelineSource({
    kind: TimelineKind.METER_REMOVED,
    code: 16,
    subject: Meter,
    from: 'meter x join service_account a on a.id = x.service_account_id',
    customerId: 'a.customer_id',
    occurredAt: startOf('x.removed_on'),
    actorId: 'null',
    where: 'x.removed_on is not null',
  });
}
