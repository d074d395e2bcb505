// Analytics 数据分析 (#/analytics): charts of the viewer's subtree, or of one
// unit of it chosen in the select — the collection rate 回收率 month by month,
// the arrears ageing 账龄 today and the attainment of today's targets. Loaded
// lazily (app/routes.tsx), and each chart loads ECharts lazily in turn, so
// none of it weighs on the console's main chunk.
import { useEffect, useId, useMemo, useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { preloadEChart } from '../../components/charts/LazyEChart';
import { graphql } from '../../gql';
import { useViewer } from '../auth/use-viewer';
import { ArrearsAgeingChart } from './ArrearsAgeingChart';
import { CollectionRateTrendChart } from './CollectionRateTrendChart';
import { TargetAttainmentChart } from './TargetAttainmentChart';

const unitsQuery = graphql(`
  query AnalyticsOrgUnits {
    orgUnits {
      id
      name
      kind
      parent {
        id
      }
    }
  }
`);

interface UnitOption {
  readonly id: string;
  readonly name: string;
  readonly depth: number;
}

/** The flat list (parents before children) with each unit's depth below the first. */
function withDepth(units: ReadonlyArray<{ id: string; name: string; parent?: { id: string } | null }>): UnitOption[] {
  const depth = new Map<string, number>();
  return units.map((unit) => {
    const d = unit.parent && depth.has(unit.parent.id) ? depth.get(unit.parent.id)! + 1 : 0;
    depth.set(unit.id, d);
    return { id: unit.id, name: unit.name, depth: d };
  });
}

export default function AnalyticsPage() {
  const { t } = useTranslation();
  const selectId = useId();
  const { me } = useViewer();
  // Fetch ECharts while the charts' queries run, not after.
  useEffect(preloadEChart, []);
  const { data } = useQuery(unitsQuery, { fetchPolicy: 'cache-first' });
  const units = useMemo(() => withDepth(data?.orgUnits ?? []), [data]);
  // null: the viewer's own unit (the server's default), i.e. everything it may see.
  const [chosen, setChosen] = useState<string | null>(null);
  const orgUnitId = chosen && chosen !== me?.orgUnit.id ? chosen : null;
  const current = chosen ?? me?.orgUnit.id ?? null;
  const focusUnitIds = useMemo(
    () => new Set([...(current ? [current] : []), ...(data?.orgUnits ?? []).filter((u) => current && u.parent?.id === current).map((u) => u.id)]),
    [data, current],
  );

  return (
    <div className="analytics">
      <div className="analytics-head">
        <h1>{t('analytics.heading')}</h1>
        <label htmlFor={selectId}>{t('analytics.unit')}</label>
        <select id={selectId} value={chosen ?? me?.orgUnit.id ?? ''} onChange={(event) => setChosen(event.target.value || null)} disabled={units.length === 0}>
          {units.length === 0 ? <option value="">{me?.orgUnit.name ?? t('analytics.loading')}</option> : null}
          {units.map((unit) => (
            <option key={unit.id} value={unit.id}>
              {'\u3000'.repeat(unit.depth)}
              {unit.name}
            </option>
          ))}
        </select>
      </div>
      <div className="analytics-grid">
        <CollectionRateTrendChart orgUnitId={orgUnitId} />
        <ArrearsAgeingChart orgUnitId={orgUnitId} />
        <TargetAttainmentChart orgUnitId={orgUnitId} focusUnitIds={focusUnitIds} />
      </div>
    </div>
  );
}
