/**
 * Arrears alerts raised by the ledger's own writes (DOMAIN.md "Receivables":
 * every account owing more than a threshold — 500 CNY in the article — is
 * warned 日预警): a bill, adjustment or refund that leaves a service
 * account's overdue balance above the threshold raises ARREARS_OVER_THRESHOLD
 * in the same transaction; a write that brings it back to or below the
 * threshold resolves the open alert. The daily scan catches bills that become
 * overdue with no write at all.
 */
import { Decimal } from 'decimal.js';
import { loadBalances, onLedgerChange } from '../receivables/receivables.service.js';
import { DEFAULT_POLICY, monitoringThresholdFor } from '../collection-policies/collection-policy.service.js';
import { AlertKind, AlertSeverity } from './alert.entity.js';
import { raiseAlert, resolveAlertsFor } from './alert.service.js';

/**
 * The DEFAULT monitoring threshold in CNY (GRIDLINE_ARREARS_THRESHOLD, else
 * 500.00). The one that applies is the company's collection policy
 * (modules/collection-policies), read by the hook below once per transaction.
 */
export const ARREARS_THRESHOLD = new Decimal(DEFAULT_POLICY.monitoringThreshold);
/** Arrears this many times the threshold are CRITICAL rather than WARNING. */
const CRITICAL_MULTIPLE = 20;

/** How urgent arrears over `threshold` are: the ledger's own alerts and the daily scan's agree. */
export function arrearsSeverity(arrears: Decimal, threshold: Decimal): AlertSeverity {
  return arrears.gt(threshold.times(CRITICAL_MULTIPLE)) ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
}

let installed = false;

/** Connects the ledger to the alerts, once per process. */
export function installArrearsAlerts(): void {
  if (installed) return;
  installed = true;
  onLedgerChange(async (em, actor, change) => {
    const [balance] = await loadBalances(em, 'service_account_id', [change.serviceAccountId]);
    const arrears = new Decimal(balance?.arrears ?? '0');
    const threshold = await monitoringThresholdFor(em, change.customerId);
    if (arrears.lte(threshold)) {
      await resolveAlertsFor(em, { serviceAccountId: change.serviceAccountId, kind: AlertKind.ARREARS_OVER_THRESHOLD }, `欠费已降至 ${threshold.toFixed(2)} 元以下 (arrears back under the threshold)`, actor);
      return;
    }
    await raiseAlert(em, actor, {
      kind: AlertKind.ARREARS_OVER_THRESHOLD,
      severity: arrearsSeverity(arrears, threshold),
      customerId: change.customerId,
      serviceAccountId: change.serviceAccountId,
      amount: arrears.toFixed(2),
      message: `欠费 ${arrears.toFixed(2)} 元，超过监测阈值 ${threshold.toFixed(2)} 元`,
    });
  });
}
