/**
 * Plugs targets into the leaderboards' weekly review 周例会复盘 (DOMAIN.md
 * "Who uses it": leads run the weekly review): the people of the subtree
 * whose WEEK targets for that week are BEHIND (see `targetsBehind`).
 */
import { TargetSubjectKind } from './target.entity.js';
import { targetsBehind } from './target.service.js';
import { registerTargetsBehind } from '../leaderboards/leaderboard.service.js';

/** Registers the provider once per process; called from startGridline. */
export function installTargets(): void {
  registerTargetsBehind(async (em, { week, root }) => {
    const behind = (await targetsBehind(em, root.path, week)).filter((row) => row.subject.kind === TargetSubjectKind.USER);
    return behind.map((row) => ({ userId: row.subject.id, metric: row.metric, target: row.value, actual: row.attained }));
  });
}
