// The team lead's home 实时看板: arrears alerts arriving live (acted on in
// place), today's leaderboard, the subtree's collection rate with the latest
// daily report 日通报, and this month's targets. Everything is scoped to the
// lead's own org unit (the server scopes again).
import { useTranslation } from 'react-i18next';

import { useSessionState } from '../auth/session-store';
import { useViewer } from '../auth/use-viewer';
import { AlertItem } from './AlertItem';
import { BoardLeaderboard } from './BoardLeaderboard';
import { PanelState } from '../../components/PanelState';
import { CollectionPanel } from './CollectionPanel';
import { TargetsPanel } from './TargetsPanel';
import { useArrearsAlerts } from './use-arrears-alerts';

export function LiveBoard() {
  const { session } = useSessionState();
  const { me, can } = useViewer();
  const orgUnitId = me?.orgUnit.id ?? session?.user.orgUnit.id;
  if (!orgUnitId) return null; // signed out: App shows the login page
  return (
    <div className="board">
      <AlertsPanel orgUnitId={orgUnitId} canAssign={can('customers:assign')} />
      <div className="board-side">
        <BoardLeaderboard orgUnitId={orgUnitId} />
        <CollectionPanel orgUnitId={orgUnitId} />
        <TargetsPanel orgUnitId={orgUnitId} userId={me?.user?.id ?? session?.user.id ?? null} />
      </div>
    </div>
  );
}

function AlertsPanel({ orgUnitId, canAssign }: { readonly orgUnitId: string; readonly canAssign: boolean }) {
  const { t } = useTranslation();
  const { alerts, totalOpen, loading, error, reload, streamError, resubscribe, unseen, unseenCount, markSeen } =
    useArrearsAlerts(orgUnitId);

  return (
    <section className="panel board-alerts" aria-labelledby="board-alerts-heading">
      <div className="section-head">
        <h2 id="board-alerts-heading">
          {t('board.alerts.heading')}
          {unseenCount > 0 ? (
            <span className="board-badge" aria-label={t('board.alerts.unseen', { count: unseenCount })}>
              {unseenCount}
            </span>
          ) : null}
        </h2>
        {totalOpen != null ? (
          <p className="count">{t('board.alerts.open', { count: totalOpen })}</p>
        ) : null}
        {unseenCount > 0 ? (
          <button type="button" onClick={() => markSeen()}>
            {t('board.alerts.markSeen')}
          </button>
        ) : null}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {unseenCount > 0 ? t('board.alerts.unseen', { count: unseenCount }) : ''}
      </p>
      {streamError ? (
        <div className="notice notice-error" role="alert">
          <p>{t('board.alerts.streamError', { message: streamError.message })}</p>
          <button type="button" onClick={resubscribe}>
            {t('board.alerts.restart')}
          </button>
        </div>
      ) : null}
      {error || loading ? (
        <PanelState error={error} errorText={t('board.alerts.error')} onRetry={reload} />
      ) : alerts.length === 0 ? (
        <div className="state">
          <p>{t('board.alerts.empty')}</p>
          <p className="muted">{t('board.alerts.emptyHint')}</p>
        </div>
      ) : (
        // Its own scroll area, so the leaderboard and figures stay in reach on a tablet.
        <div className="alert-scroll" role="region" aria-labelledby="board-alerts-heading" tabIndex={0}>
          <ol className="alert-list">
            {alerts.map((a) => (
              <AlertItem
                key={a.id}
                alert={a.alert}
                unseen={unseen.has(a.id)}
                canAssign={canAssign}
                onSeen={() => markSeen(a.id)}
              />
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
