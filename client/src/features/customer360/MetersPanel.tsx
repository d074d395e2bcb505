// The meters 计量仪表 on the customer's service accounts, with their
// calibration 检定 state and latest reading.
import type { FragmentType } from '@apollo/client';
import { useFragment } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';

export const MetersPanel_customer = graphql(`
  fragment MetersPanel_customer on Customer {
    id
    serviceAccounts {
      id
      accountNumber
      meters {
        id
        serial
        model
        unit
        installedOn
        removedOn
        nextCalibrationDue
        calibrationStatus
        latestReading {
          id
          value
          readOn
        }
      }
    }
  }
`);

export function MetersPanel({ customer }: { readonly customer: FragmentType<typeof MetersPanel_customer> }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data, complete } = useFragment({ fragment: MetersPanel_customer, from: customer });
  if (!complete) return null;
  const meters = data.serviceAccounts.flatMap((a) => a.meters.map((m) => ({ account: a.accountNumber, meter: m })));
  return (
    <section className="c360-panel" aria-labelledby="c360-meters">
      <h2 id="c360-meters">{t('c360.meters.heading')}</h2>
      {meters.length === 0 ? (
        <p className="muted">{t('c360.meters.empty')}</p>
      ) : (
        <ul className="c360-list">
          {meters.map(({ account, meter: m }) => (
            <li key={m.id} className={m.removedOn ? 'muted' : undefined}>
              <strong className="mono">{m.serial}</strong> {m.model}
              <span className="muted"> · {account}</span>
              <br />
              {m.removedOn ? (
                <span>{t('c360.meters.removed', { day: format.day(m.removedOn) })}</span>
              ) : (
                <>
                  {m.calibrationStatus ? (
                    <span className={`calibration calibration-${m.calibrationStatus.toLowerCase()}`}>
                      {t(`enums.calibrationStatus.${m.calibrationStatus}`)}
                    </span>
                  ) : null}{' '}
                  <span className="muted">{t('c360.meters.nextCalibration', { day: format.day(m.nextCalibrationDue) })}</span>
                  {m.latestReading ? (
                    <span className="muted">
                      {' · '}
                      {t('c360.meters.reading', {
                        value: format.number(Number(m.latestReading.value)),
                        unit: t(`enums.meterUnit.${m.unit}`),
                        day: format.day(m.latestReading.readOn),
                      })}
                    </span>
                  ) : null}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
