// A new partner API key (createApiKey): what it is for, the subtree it sees,
// its scopes (checkboxes over the ApiKeyScope enum) and an optional rate
// limit, checked as the server checks them. The created key's secret goes to
// the owner, which shows it once (SecretDialog).
import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { FormDialog } from '../../components/FormDialog';
import { FormField } from '../../components/FormField';
import { graphql } from '../../gql';
import type { ApiKeyScope } from '../../gql/graphql';
import { useFormFields, type FieldErrors } from '../../lib/use-form-fields';
import { useModalDialog } from '../../lib/use-modal-dialog';
import { OrgUnitSelect } from '../org/OrgUnitSelect';
import type { OrgTree } from '../org/org-tree';
import type { ShownSecret } from './ApiKeysPanel';

const createApiKeyMutation = graphql(`
  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      apiKey {
        ...AdminApiKey_apiKey @unmask
      }
    }
  }
`);

/**
 * Every scope with the permission string partner tools know it by, in the
 * order offered; a scope added to the schema fails typecheck until listed
 * here (and labelled in both locale files).
 */
const SCOPE_CODES: Record<ApiKeyScope, string> = {
  ORG_READ: 'org:read',
  CUSTOMERS_READ: 'customers:read',
  CUSTOMERS_WRITE: 'customers:write',
  PII_READ: 'pii:read',
  RECEIVABLES_READ: 'receivables:read',
  BILLS_WRITE: 'bills:write',
  PAYMENTS_WRITE: 'payments:write',
  VISITS_WRITE: 'visits:write',
  METERS_WRITE: 'meters:write',
  INSPECTIONS_WRITE: 'inspections:write',
  ALERTS_SUBSCRIBE: 'alerts:subscribe',
};
export const API_KEY_SCOPES = Object.keys(SCOPE_CODES) as ApiKeyScope[];

const FIELDS = ['name', 'orgUnitId', 'scopes', 'rateLimitPerMinute'] as const;
type Field = (typeof FIELDS)[number];

export interface CreateApiKeyDialogProps {
  readonly open: boolean;
  readonly tree: OrgTree;
  onClose(): void;
  onCreated(shown: ShownSecret): void;
}

export function CreateApiKeyDialog({ open, tree, onClose, onCreated }: CreateApiKeyDialogProps) {
  const { t } = useTranslation();
  const form = useFormFields<Field>(FIELDS, () => ({ name: '', orgUnitId: '', scopes: '', rateLimitPerMinute: '' }));
  const { id, draft, a11y, frame } = form;
  const [scopes, setScopes] = useState<ReadonlySet<ApiKeyScope>>(() => new Set());
  const [create, { loading }] = useMutation(createApiKeyMutation, { refetchQueries: ['AdminApiKeys'] });
  const dialogRef = useModalDialog(open, () => {
    form.reset();
    setScopes(new Set());
  });

  const toggleScope = (scope: ApiKeyScope, on: boolean) => {
    setScopes((previous) => {
      const next = new Set(previous);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });
    form.set('scopes', '');
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: FieldErrors<Field> = {};
    const name = draft.name.trim();
    if (!name) found.name = t('forms.errors.required');
    else if (name.length > 100) found.name = t('admin.errors.maxLength', { max: 100 });
    if (!draft.orgUnitId) found.orgUnitId = t('forms.errors.required');
    if (scopes.size === 0) found.scopes = t('admin.keys.errors.scopes');
    const limitText = draft.rateLimitPerMinute.trim();
    const limit = limitText ? Number(limitText) : null;
    if (limit !== null && (!/^\d+$/.test(limitText) || limit < 1 || limit > 100_000)) found.rateLimitPerMinute = t('admin.keys.errors.rateLimit');
    if (form.invalid(found)) return;
    try {
      const result = await create({
        variables: {
          input: { name, orgUnitId: draft.orgUnitId, scopes: API_KEY_SCOPES.filter((s) => scopes.has(s)), rateLimitPerMinute: limit },
        },
      });
      if (result.data) onCreated({ name: result.data.createApiKey.apiKey.name, secret: result.data.createApiKey.secret, rotated: false });
    } catch (e) {
      form.fail(e);
    }
  };

  const scopesError = form.fieldError('scopes');
  return (
    <FormDialog
      dialogRef={dialogRef}
      id={id}
      title={t('admin.keys.createTitle')}
      submitLabel={t('admin.keys.createSubmit')}
      loading={loading}
      other={form.other}
      onSubmit={submit}
      onClose={onClose}
    >
      <FormField label={t('admin.keys.name')} {...frame('name')}>
        <input {...a11y('name')} autoComplete="off" maxLength={100} value={draft.name} required placeholder={t('admin.keys.namePlaceholder')} onChange={(e) => form.set('name', e.target.value)} />
      </FormField>
      <div className="field-row admin-field-row-2">
        <FormField label={t('admin.keys.orgUnit')} {...frame('orgUnitId')}>
          <OrgUnitSelect
            id={form.fieldId('orgUnitId')}
            nodes={tree.nodes}
            value={draft.orgUnitId}
            onChange={(v) => form.set('orgUnitId', v)}
            emptyLabel={t('forms.choose')}
            required
            invalid={!!form.errors.orgUnitId}
            describedBy={form.errors.orgUnitId ? `${form.fieldId('orgUnitId')}-error` : undefined}
          />
        </FormField>
        <FormField label={t('admin.keys.rateLimit')} {...frame('rateLimitPerMinute')}>
          <input
            {...a11y('rateLimitPerMinute')}
            inputMode="numeric"
            autoComplete="off"
            placeholder="600"
            value={draft.rateLimitPerMinute}
            onChange={(e) => form.set('rateLimitPerMinute', e.target.value)}
          />
        </FormField>
      </div>
      <fieldset
        className="field admin-scopes"
        id={form.fieldId('scopes')}
        tabIndex={-1}
        aria-invalid={form.errors.scopes ? true : undefined}
        aria-describedby={form.errors.scopes ? `${form.fieldId('scopes')}-error` : undefined}
      >
        <legend>{t('admin.keys.scopes')}</legend>
        {API_KEY_SCOPES.map((scope) => (
          <label key={scope} className="admin-check">
            <input type="checkbox" checked={scopes.has(scope)} onChange={(e) => toggleScope(scope, e.target.checked)} />
            <span>{t(`admin.keys.scope.${scope}`)}</span>
            <span className="mono muted">{SCOPE_CODES[scope]}</span>
          </label>
        ))}
        {scopesError}
      </fieldset>
    </FormDialog>
  );
}
