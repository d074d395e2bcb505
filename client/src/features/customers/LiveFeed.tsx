// The live feed panel: the last events from `customerChanged`, newest first,
// as "刚刚 · 客户已更新 · 名称".
import { useTranslation } from 'react-i18next';

import zhCN from '../../locales/zh-CN.json';
import { useFormatters } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import type { CustomerChange } from './use-customer-changes';

type FieldKey = keyof typeof zhCN.fields;

function isFieldKey(field: string): field is FieldKey {
  return Object.hasOwn(zhCN.fields, field);
}

export interface LiveFeedProps {
  readonly events: readonly CustomerChange[];
  readonly error: Error | null;
  onResubscribe(): void;
}

export function LiveFeed({ events, error, onResubscribe }: LiveFeedProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const now = useNow(15_000);
  const fieldLabel = (field: string) => (isFieldKey(field) ? t(`fields.${field}`) : field);

  return (
    <aside className="panel live-feed" aria-labelledby="live-feed-heading">
      <h2 id="live-feed-heading">{t('live.heading')}</h2>
      {error ? (
        <div className="notice notice-error" role="alert">
          <p>{t('live.error', { message: error.message })}</p>
          <button type="button" onClick={onResubscribe}>
            {t('live.restart')}
          </button>
        </div>
      ) : null}
      {events.length === 0 ? (
        <p className="muted">{t('live.empty')}</p>
      ) : (
        <ol className="feed" aria-live="polite">
          {events.map((event) => (
            <li key={event.eventId} className={`feed-item feed-${event.kind.toLowerCase()}`}>
              <time dateTime={event.occurredAt} title={format.dateTime(event.occurredAt)}>
                {format.relativeTime(event.occurredAt, now)}
              </time>
              {' · '}
              <span className="feed-kind">{t(`live.kind.${event.kind}`)}</span>
              {' · '}
              <span className="feed-name">{event.customer.name}</span>
              {event.kind === 'UPDATED' && event.changedFields.length > 0 ? (
                <span className="feed-fields">
                  {t('live.changed', {
                    fields: event.changedFields.map(fieldLabel).join(t('live.listSeparator')),
                  })}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
