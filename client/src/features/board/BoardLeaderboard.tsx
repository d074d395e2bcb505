// Today's leaderboard 排行榜 of the lead's subtree: the `leaderboard` query
// for the first paint, then `leaderboardUpdated`, which pushes the board
// whenever committed facts move it. Each row shows its rank change since the
// previous push (▲/▼), and rows glide to their new place (FLIP: measure the
// old position, jump, transition back).
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { LabelledOptions } from '../../components/LabelledOptions';
import { graphql } from '../../gql';
import type { LeaderboardSubjectKind, Metric } from '../../gql/graphql';
import { useFormatters } from '../../lib/format';
import { PanelState } from '../../components/PanelState';

// A board where nobody has anything yet (each row a tie at 0) says so instead of ranking zeros.
const ZERO = /^0(\.0+)?$/;

export const BoardLeaderboard_board = graphql(`
  fragment BoardLeaderboard_board on Leaderboard {
    metric
    periodStart
    periodEnd
    generatedAt
    rows {
      rank
      rankChange
      rankChangeSinceYesterday
      value
      subject {
        __typename
        ... on User {
          id
          name
        }
        ... on OrgUnit {
          id
          name
        }
      }
    }
  }
`);

const leaderboardQuery = graphql(`
  query BoardLeaderboard($board: LeaderboardInput!) {
    leaderboard(board: $board) {
      ...BoardLeaderboard_board @unmask
    }
  }
`);

const leaderboardUpdatedSubscription = graphql(`
  subscription BoardLeaderboardUpdated($board: LeaderboardInput!) {
    leaderboardUpdated(board: $board) {
      ...BoardLeaderboard_board @unmask
    }
  }
`);

export const BOARD_METRICS: readonly Metric[] = ['AMOUNT_COLLECTED', 'ARREARS_REDUCED', 'VISITS', 'COLLECTION_RATE'];
const SUBJECT_KINDS: readonly LeaderboardSubjectKind[] = ['PERSON', 'STATION'];
const TOP = 10;

export function BoardLeaderboard({ orgUnitId }: { readonly orgUnitId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const [metric, setMetric] = useState<Metric>('AMOUNT_COLLECTED');
  const [subjectKind, setSubjectKind] = useState<LeaderboardSubjectKind>('PERSON');
  const board = useMemo(
    () => ({ metric, subjectKind, periodKind: 'DAY' as const, orgUnitId, first: TOP }),
    [metric, subjectKind, orgUnitId],
  );

  const query = useQuery(leaderboardQuery, { variables: { board }, fetchPolicy: 'network-only' });
  const live = useSubscription(leaderboardUpdatedSubscription, { variables: { board } });
  // The push is newer than the query whenever there is one for this board.
  const current = live.data?.leaderboardUpdated ?? query.data?.leaderboard;
  const error = current ? null : (query.error ?? live.error);
  const hadPrevious = !!current?.rows.some((row) => row.rankChange != null);

  const listRef = useRef<HTMLOListElement>(null);
  const positions = useRef(new Map<string, number>());
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const next = new Map<string, number>();
    const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    for (const row of Array.from(list.children) as HTMLElement[]) {
      const key = row.dataset['key'];
      if (!key) continue;
      const top = row.offsetTop;
      next.set(key, top);
      const before = positions.current.get(key);
      if (before === undefined || before === top || reduceMotion) continue;
      row.style.transition = 'none';
      row.style.transform = `translateY(${before - top}px)`;
      void row.offsetHeight; // apply the jump before transitioning back
      row.style.transition = '';
      row.style.transform = '';
    }
    positions.current = next;
  }, [current]);

  const value = (v: string) =>
    metric === 'COLLECTION_RATE'
      ? t('board.percent', { value: v })
      : metric === 'VISITS'
        ? format.number(Number(v))
        : format.money(v);

  return (
    // data-metric: the metric of the figures on screen, so test/e2e can wait for the board it chose.
    <section
      className="panel board-leaderboard"
      aria-labelledby="board-leaderboard-heading"
      data-testid="board-leaderboard"
      data-metric={current?.metric}
    >
      <div className="section-head">
        <h2 id="board-leaderboard-heading">{t('board.leaderboard.heading')}</h2>
        {current ? <span className="muted">{format.day(current.periodStart)}</span> : null}
      </div>
      <div className="board-controls">
        <label>
          <span>{t('board.leaderboard.metric')}</span>
          <select value={metric} onChange={(event) => setMetric(event.target.value as Metric)}>
            <LabelledOptions values={BOARD_METRICS} label={(m) => t(`board.metric.${m}`)} />
          </select>
        </label>
        <label>
          <span>{t('board.leaderboard.subjects')}</span>
          <select
            value={subjectKind}
            onChange={(event) => setSubjectKind(event.target.value as LeaderboardSubjectKind)}
          >
            <LabelledOptions values={SUBJECT_KINDS} label={(k) => t(`board.subjectKind.${k}`)} />
          </select>
        </label>
      </div>
      {error || !current ? (
        <PanelState error={error} errorText={t('board.leaderboard.error')} onRetry={() => void query.refetch().catch(() => undefined)} />
      ) : current.rows.every((row) => ZERO.test(row.value)) ? (
        <p className="state muted">{t('board.leaderboard.empty')}</p>
      ) : (
        <ol className="leaderboard" ref={listRef} aria-live="polite">
          {current.rows.map((row) => {
            // Nothing yet today: a place in a tie of zeros (and its moves) means nothing.
            const scored = !ZERO.test(row.value);
            const change = scored ? (row.rankChange ?? 0) : 0;
            // No change on a push that follows another: the row has just entered the board.
            const entered = scored && row.rankChange == null && hadPrevious;
            const direction = entered ? 'new' : change > 0 ? 'up' : change < 0 ? 'down' : 'same';
            return (
              <li key={row.subject.id} data-key={row.subject.id} className={`leaderboard-row rank-${direction}`}>
                <span className="leaderboard-rank">{scored ? format.number(row.rank) : '–'}</span>
                <span className="leaderboard-name">{row.subject.name}</span>
                <span className={`rank-change rank-change-${direction}`}>
                  {direction === 'same' ? (
                    <span className="visually-hidden">{t('board.leaderboard.unchanged')}</span>
                  ) : direction === 'new' ? (
                    t('board.leaderboard.entered')
                  ) : (
                    <>
                      <span aria-hidden="true">
                        {direction === 'up' ? '▲' : '▼'}
                        {format.number(Math.abs(change))}
                      </span>
                      <span className="visually-hidden">
                        {t(direction === 'up' ? 'board.leaderboard.up' : 'board.leaderboard.down', {
                          count: Math.abs(change),
                        })}
                      </span>
                    </>
                  )}
                </span>
                <span className="leaderboard-value">{value(row.value)}</span>
              </li>
            );
          })}
        </ol>
      )}
      {current ? (
        <p className="muted board-foot">
          {t('board.updatedAt', { time: format.dateTime(current.generatedAt) })}
        </p>
      ) : null}
    </section>
  );
}
