// Policies and thresholds 策略与阈值 (#/admin/policies): the collection policy
// 催收策略, the consumption swing thresholds 用量波动阈值 per tier and the
// inspection frequencies 巡检频次. Each form is editable only with its own
// permission (policies:manage, consumption:configure, inspections:configure);
// otherwise it is shown read-only.
import { useTranslation } from 'react-i18next';

import { useAdminAccess } from './admin-access';
import { CollectionPolicyForm } from './CollectionPolicyForm';
import { InspectionPoliciesForm } from './InspectionPoliciesForm';
import { SwingThresholdsForm } from './SwingThresholdsForm';

export function PoliciesPanel() {
  const { t } = useTranslation();
  const access = useAdminAccess();
  return (
    <div className="admin-stack">
      {access.can('receivables:read') ? (
        <CollectionPolicyForm editable={access.can('policies:manage')} />
      ) : (
        <div className="panel admin-panel">
          <p className="muted">{t('admin.policy.notVisible')}</p>
        </div>
      )}
      <SwingThresholdsForm editable={access.can('consumption:configure')} />
      <InspectionPoliciesForm editable={access.can('inspections:configure')} />
    </div>
  );
}
