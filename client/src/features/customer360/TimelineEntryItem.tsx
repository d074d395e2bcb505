// One entry of the customer's timeline: what happened, when, who did it, and
// the one line about its subject that matters most for that kind.
import type { FragmentType } from '@apollo/client';
import { useFragment } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';

export const TimelineEntryItem_entry = graphql(`
  fragment TimelineEntryItem_entry on TimelineEntry {
    id
    kind
    occurredAt
    actor {
      id
      name
    }
    subject {
      __typename
      ... on Visit {
        id
        purpose
        channel
        outcome
        promisedAmount
        promisedOn
      }
      ... on Payment {
        id
        amount
        paymentChannel: channel
      }
      ... on Bill {
        id
        amount
        dueOn
      }
      ... on Adjustment {
        id
        amount
        reason
      }
      ... on CustomerStatusChange {
        id
        toStatus
        statusReason: reason
      }
      ... on ContractEvent {
        id
        note
        contract {
          id
          number
        }
      }
      ... on Inspection {
        id
        result
      }
      ... on RectificationNotice {
        id
        number
        deadline
      }
      ... on Contact {
        id
        name
      }
      ... on ServiceAccount {
        id
        accountNumber
      }
      ... on Meter {
        id
        serial
      }
      ... on MeterCalibration {
        id
        meter {
          id
          serial
        }
      }
      ... on RiskEntry {
        id
        level
        reason
      }
      ... on ResponsibilityPeriod {
        id
        role
        user {
          id
          name
        }
      }
      ... on ReturnVisit {
        id
        dueOn
      }
    }
  }
`);

export function TimelineEntryItem({ entry }: { readonly entry: FragmentType<typeof TimelineEntryItem_entry> }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data, complete } = useFragment({ fragment: TimelineEntryItem_entry, from: entry });
  if (!complete) return null;

  const s = data.subject;
  let detail: string | null = null;
  switch (s.__typename) {
    case 'Visit':
      detail = [
        t('c360.timeline.visit', {
          purpose: t(`enums.visitPurpose.${s.purpose}`),
          channel: t(`enums.visitChannel.${s.channel}`),
          outcome: s.outcome,
        }),
        s.promisedAmount && s.promisedOn
          ? t('c360.timeline.promise', { amount: format.money(s.promisedAmount), day: format.day(s.promisedOn) })
          : null,
      ]
        .filter(Boolean)
        .join(' · ');
      break;
    case 'Payment':
      detail = `${format.money(s.amount)} · ${t(`enums.paymentChannel.${s.paymentChannel}`)}`;
      break;
    case 'Bill':
      detail = t('c360.timeline.bill', { amount: format.money(s.amount), day: format.day(s.dueOn) });
      break;
    case 'Adjustment':
      detail = `${format.money(s.amount)} · ${s.reason}`;
      break;
    case 'CustomerStatusChange':
      detail = [t(`enums.status.${s.toStatus}`), s.statusReason].filter(Boolean).join(' · ');
      break;
    case 'ContractEvent':
      detail = [s.contract.number, s.note].filter(Boolean).join(' · ');
      break;
    case 'Inspection':
      detail = t(`enums.inspectionResult.${s.result}`);
      break;
    case 'RectificationNotice':
      detail = `${s.number} · ${t('c360.safety.deadline', { day: format.day(s.deadline) })}`;
      break;
    case 'Contact':
      detail = s.name;
      break;
    case 'ServiceAccount':
      detail = s.accountNumber;
      break;
    case 'Meter':
      detail = s.serial;
      break;
    case 'MeterCalibration':
      detail = s.meter.serial;
      break;
    case 'RiskEntry':
      detail = `${t(`enums.riskLevel.${s.level}`)} · ${s.reason}`;
      break;
    case 'ResponsibilityPeriod':
      detail = t('c360.timeline.responsibility', { role: t(`enums.responsibilityRole.${s.role}`), name: s.user.name });
      break;
    case 'ReturnVisit':
      detail = t('c360.timeline.due', { day: format.day(s.dueOn) });
      break;
    default:
      detail = null;
  }

  return (
    <li className={`timeline-entry timeline-${data.kind.toLowerCase()}`}>
      <time dateTime={data.occurredAt}>{format.dateTime(data.occurredAt)}</time>
      <div>
        <strong>{t(`enums.timelineKind.${data.kind}`)}</strong>
        {data.actor ? <span className="muted"> · {data.actor.name}</span> : null}
        {detail ? <p>{detail}</p> : null}
      </div>
    </li>
  );
}
