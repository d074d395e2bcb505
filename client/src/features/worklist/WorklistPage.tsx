// The collector's and rep's day 今日工作清单 (#/worklist): the `worklist` of the
// signed-in user for a day (today by default) in four sections, plus the
// viewer's prospects to call and open rectification deadlines (own queries:
// they are not part of the Worklist type). Each row is one click from the
// customer's 360 page and from the quick actions — log a visit, record a
// payment, agree an installment plan, risk ledger on/off — after which the
// sections are refetched in place.
import { useId, useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { DismissibleNotice } from '../../components/DismissibleNotice';
import { graphql } from '../../gql';
import { shanghaiToday } from '../../lib/company-time';
import { useFormatters } from '../../lib/format';
import { readError } from '../../lib/graphql-errors';
import { useViewer } from '../auth/use-viewer';
import { QuickActionDialogs, type ChosenAction } from '../customer360/QuickActions';
import { ProspectsSection } from './ProspectsSection';
import { RectificationSection } from './RectificationSection';
import { ArrearsSection, BreachedPlansSection, PolicyVisitsSection, PromisesSection } from './WorklistSections';

export const WORKLIST_LIMIT = 50;

export const worklistQuery = graphql(`
  query Worklist($date: String, $limit: Int!) {
    worklist(date: $date, limit: $limit) {
      date
      owner {
        id
        name
      }
      ...ArrearsSection_worklist @unmask
      ...PolicyVisitsSection_worklist @unmask
      ...PromisesSection_worklist @unmask
      ...BreachedPlansSection_worklist @unmask
    }
  }
`);

const REFETCH = ['Worklist', 'WorklistProspects', 'WorklistRectifications'] as const;

export function WorklistPage() {
  const { t } = useTranslation();
  const format = useFormatters();
  const dateId = useId();
  const [date, setDate] = useState(shanghaiToday);
  const { data, error, loading, refetch } = useQuery(worklistQuery, {
    variables: { date: date || null, limit: WORKLIST_LIMIT },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const { me } = useViewer();
  const [chosen, setChosen] = useState<ChosenAction | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const worklist = data?.worklist;
  const ownerId = worklist?.owner?.id ?? me?.user?.id ?? null;

  return (
    <div className="worklist">
      <div className="worklist-toolbar">
        <h1>
          {t('worklist.heading')}
          {worklist ? <span className="muted"> · {format.day(worklist.date)}</span> : null}
          {worklist?.owner ? <span className="muted"> · {worklist.owner.name}</span> : null}
        </h1>
        <div className="field field-inline">
          <label htmlFor={dateId}>{t('worklist.date')}</label>
          <input id={dateId} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
        <button type="button" onClick={() => void refetch().catch(() => undefined)} disabled={loading}>
          {loading ? t('customers.refreshing') : t('worklist.refresh')}
        </button>
      </div>
      <DismissibleNotice message={message} onDismiss={() => setMessage(null)} />
      <QuickActionDialogs
        chosen={chosen}
        refetchQueries={REFETCH}
        onClose={() => setChosen(null)}
        onDone={(text) => {
          setChosen(null);
          setMessage(text);
        }}
      />
      {error ? (
        <div className="notice notice-error" role="alert">
          <span>{t('worklist.error', { message: readError(error).message })}</span>
          <button type="button" onClick={() => void refetch().catch(() => undefined)}>
            {t('customers.retry')}
          </button>
        </div>
      ) : null}
      {!worklist ? (
        loading ? (
          <p className="state muted" role="status">
            {t('worklist.loading')}
          </p>
        ) : null
      ) : (
        <div className="worklist-grid">
          <ArrearsSection worklist={worklist} onChoose={setChosen} />
          <PolicyVisitsSection worklist={worklist} onChoose={setChosen} />
          <PromisesSection worklist={worklist} onChoose={setChosen} />
          <BreachedPlansSection worklist={worklist} onChoose={setChosen} />
          {ownerId ? <RectificationSection ownerId={ownerId} limit={WORKLIST_LIMIT} onChoose={setChosen} /> : null}
          {ownerId ? <ProspectsSection repId={ownerId} onChoose={setChosen} /> : null}
        </div>
      )}
    </div>
  );
}
