/** Who a board ranks (DOMAIN.md "Targets, leaderboards and rewards": people, stations and areas). */
import { registerEnumType } from 'type-graphql';
import { OrgUnitKind } from '../org/org-unit.entity.js';

export enum LeaderboardSubjectKind {
  PERSON = 'PERSON',
  STATION = 'STATION',
  AREA = 'AREA',
  BRANCH = 'BRANCH',
}
registerEnumType(LeaderboardSubjectKind, {
  name: 'LeaderboardSubjectKind',
  description: 'What a leaderboard ranks 排名对象.',
  valuesConfig: {
    PERSON: { description: 'Staff members 个人: the people credited with the facts (reps, collectors, leads).' },
    STATION: { description: 'Stations 站/营业所, with everything of their customers.' },
    AREA: { description: 'Areas 片区, rolling up their stations.' },
    BRANCH: { description: 'Branches 分公司, rolling up their areas.' },
  },
});

/** The org unit kind a unit board ranks. */
export const UNIT_KIND: Record<Exclude<LeaderboardSubjectKind, LeaderboardSubjectKind.PERSON>, OrgUnitKind> = {
  [LeaderboardSubjectKind.STATION]: OrgUnitKind.STATION,
  [LeaderboardSubjectKind.AREA]: OrgUnitKind.AREA,
  [LeaderboardSubjectKind.BRANCH]: OrgUnitKind.BRANCH,
};
