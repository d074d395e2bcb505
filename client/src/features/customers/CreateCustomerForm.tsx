// The new-customer form, in a modal <dialog> (focus is kept inside and Esc
// closes it, natively). The console checks the obvious (name present, USCC
// shape); the server checks everything, including the USCC check character,
// and its field errors (BAD_USER_INPUT, extensions.fields) are shown next to
// the inputs they name.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import type { CreateCustomerMutation, CustomerKind, CustomerTier, Utility } from '../../gql/graphql';
import { readError, type FieldError } from '../../lib/graphql-errors';
import { hasUsccShape, normalizeUscc } from '../../lib/uscc';
import { OrgUnitSelect } from '../org/OrgUnitSelect';
import type { OrgTree, OrgTreeNode } from '../org/org-tree';
import { CUSTOMER_KINDS, CUSTOMER_TIERS, UTILITIES } from './customer-enums';

export const createCustomerMutation = graphql(`
  mutation CreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) {
      customer {
        id
        ...CustomerRow_customer
        ...CustomersView_customer @unmask
      }
    }
  }
`);

export type CreatedCustomer = CreateCustomerMutation['createCustomer']['customer'];

interface Draft {
  name: string;
  uscc: string;
  kind: CustomerKind | '';
  utility: Utility | '';
  tier: CustomerTier | '';
  orgUnitId: string;
}

type DraftField = keyof Draft;
const FIELD_ORDER: readonly DraftField[] = ['name', 'uscc', 'kind', 'utility', 'tier', 'orgUnitId'];
type FieldErrors = Partial<Record<DraftField, string>>;

function isDraftField(field: string): field is DraftField {
  return (FIELD_ORDER as readonly string[]).includes(field);
}

const isStation = (node: OrgTreeNode) => node.unit.kind === 'STATION';

export interface CreateCustomerFormProps {
  readonly open: boolean;
  onClose(): void;
  onCreated(customer: CreatedCustomer): void;
  readonly tree: OrgTree;
  readonly defaultOrgUnitId: string;
}

export function CreateCustomerForm({ open, onClose, onCreated, tree, defaultOrgUnitId }: CreateCustomerFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const emptyDraft = (): Draft => ({
    name: '',
    uscc: '',
    kind: '',
    utility: '',
    tier: '',
    orgUnitId: defaultOrgUnitId,
  });
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [otherErrors, setOtherErrors] = useState<readonly string[]>([]);
  const [createCustomer, { loading }] = useMutation(createCustomerMutation);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setDraft(emptyDraft());
      setErrors({});
      setOtherErrors([]);
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
    // Reset only when the dialog opens, not when the default unit changes underneath.
  }, [open]);

  const fieldId = (field: DraftField) => `${id}-${field}`;
  const errorId = (field: DraftField) => `${id}-${field}-error`;
  const set = <K extends DraftField>(field: K, value: Draft[K]) => {
    setDraft((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  const focusFirstError = (found: FieldErrors) => {
    const first = FIELD_ORDER.find((field) => found[field]);
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
  };

  const validate = (d: Draft): FieldErrors => {
    const found: FieldErrors = {};
    if (!d.name.trim()) found.name = t('create.errors.nameRequired');
    if (d.uscc && !hasUsccShape(d.uscc)) found.uscc = t('create.errors.usccFormat');
    if (!d.kind) found.kind = t('create.errors.choose', { field: t('create.kind') });
    if (!d.utility) found.utility = t('create.errors.choose', { field: t('create.utility') });
    if (!d.tier) found.tier = t('create.errors.choose', { field: t('create.tier') });
    if (!d.orgUnitId) found.orgUnitId = t('create.errors.choose', { field: t('create.orgUnit') });
    return found;
  };

  const showServerFieldErrors = (fields: readonly FieldError[]) => {
    const found: FieldErrors = {};
    const other: string[] = [];
    for (const { field, message } of fields) {
      if (isDraftField(field) && !found[field]) found[field] = message;
      else other.push(`${field}: ${message}`);
    }
    setErrors(found);
    setOtherErrors(other);
    focusFirstError(found);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validate(draft);
    setOtherErrors([]);
    if (Object.keys(found).length > 0) {
      setErrors(found);
      focusFirstError(found);
      return;
    }
    const { kind, utility, tier } = draft;
    if (!kind || !utility || !tier) return; // validated above; narrows the types
    try {
      const result = await createCustomer({
        variables: {
          input: {
            name: draft.name.trim(),
            uscc: draft.uscc || null,
            kind,
            utility,
            tier,
            orgUnitId: draft.orgUnitId,
          },
        },
      });
      const customer = result.data?.createCustomer.customer;
      if (customer) onCreated(customer);
    } catch (e) {
      const error = readError(e);
      switch (error.code) {
        case 'BAD_USER_INPUT':
          if (error.fields.length > 0) showServerFieldErrors(error.fields);
          else setOtherErrors([error.message]);
          break;
        case 'NETWORK':
          setOtherErrors([t('create.errors.network')]);
          break;
        case 'FORBIDDEN':
          setOtherErrors([t('create.errors.forbidden')]);
          break;
        case 'UNAUTHENTICATED':
          setOtherErrors([t('create.errors.unauthenticated')]);
          break;
        case 'CONFLICT':
          setOtherErrors([t('create.errors.conflict', { message: error.message })]);
          break;
        default:
          setOtherErrors([t('create.errors.unknown', { message: error.message })]);
      }
    }
  };

  const describedBy = (field: DraftField, hint?: string) =>
    [hint, errors[field] ? errorId(field) : undefined].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: DraftField) =>
    errors[field] ? (
      <p id={errorId(field)} className="field-error">
        {errors[field]}
      </p>
    ) : null;
  const requiredMark = (
    <span className="required" aria-hidden="true">
      *
    </span>
  );

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <form className="create-form" noValidate onSubmit={(e) => void submit(e)} aria-busy={loading}>
        <h2 id={`${id}-title`}>{t('create.title')}</h2>

        {otherErrors.length > 0 ? (
          <div className="notice notice-error" role="alert">
            <p>{t('create.errors.summary')}</p>
            <ul>
              {otherErrors.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </div>
        ) : null}

        <div className="field">
          <label htmlFor={fieldId('name')}>
            {t('create.name')} {requiredMark}
          </label>
          <input
            id={fieldId('name')}
            value={draft.name}
            required
            autoComplete="organization"
            aria-invalid={!!errors.name || undefined}
            aria-describedby={describedBy('name')}
            onChange={(e) => set('name', e.target.value)}
          />
          {fieldError('name')}
        </div>

        <div className="field">
          <label htmlFor={fieldId('uscc')}>{t('create.uscc')}</label>
          <input
            id={fieldId('uscc')}
            className="mono"
            value={draft.uscc}
            autoComplete="off"
            spellCheck={false}
            inputMode="text"
            aria-invalid={!!errors.uscc || undefined}
            aria-describedby={describedBy('uscc', `${id}-uscc-hint`)}
            onChange={(e) => set('uscc', normalizeUscc(e.target.value))}
          />
          <p id={`${id}-uscc-hint`} className="hint">
            {t('create.usccHint')}
          </p>
          {fieldError('uscc')}
        </div>

        <div className="field-row">
          <div className="field">
            <label htmlFor={fieldId('kind')}>
              {t('create.kind')} {requiredMark}
            </label>
            <select
              id={fieldId('kind')}
              value={draft.kind}
              required
              aria-invalid={!!errors.kind || undefined}
              aria-describedby={describedBy('kind')}
              onChange={(e) => set('kind', e.target.value as CustomerKind | '')}
            >
              <option value="">{t('create.choose')}</option>
              {CUSTOMER_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`enums.kind.${kind}`)}
                </option>
              ))}
            </select>
            {fieldError('kind')}
          </div>

          <div className="field">
            <label htmlFor={fieldId('utility')}>
              {t('create.utility')} {requiredMark}
            </label>
            <select
              id={fieldId('utility')}
              value={draft.utility}
              required
              aria-invalid={!!errors.utility || undefined}
              aria-describedby={describedBy('utility')}
              onChange={(e) => set('utility', e.target.value as Utility | '')}
            >
              <option value="">{t('create.choose')}</option>
              {UTILITIES.map((utility) => (
                <option key={utility} value={utility}>
                  {t(`enums.utility.${utility}`)}
                </option>
              ))}
            </select>
            {fieldError('utility')}
          </div>

          <div className="field">
            <label htmlFor={fieldId('tier')}>
              {t('create.tier')} {requiredMark}
            </label>
            <select
              id={fieldId('tier')}
              value={draft.tier}
              required
              aria-invalid={!!errors.tier || undefined}
              aria-describedby={describedBy('tier')}
              onChange={(e) => set('tier', e.target.value as CustomerTier | '')}
            >
              <option value="">{t('create.choose')}</option>
              {CUSTOMER_TIERS.map((tier) => (
                <option key={tier} value={tier}>
                  {t(`enums.tier.${tier}`)}
                </option>
              ))}
            </select>
            {fieldError('tier')}
          </div>
        </div>

        <div className="field">
          <label htmlFor={fieldId('orgUnitId')}>
            {t('create.orgUnit')} {requiredMark}
          </label>
          <OrgUnitSelect
            id={fieldId('orgUnitId')}
            nodes={tree.nodes}
            value={draft.orgUnitId}
            onChange={(value) => set('orgUnitId', value)}
            emptyLabel={t('create.choose')}
            selectable={isStation}
            required
            invalid={!!errors.orgUnitId}
            describedBy={describedBy('orgUnitId')}
          />
          {fieldError('orgUnitId')}
        </div>

        <div className="actions">
          <button type="button" onClick={onClose} disabled={loading}>
            {t('create.cancel')}
          </button>
          <button type="submit" className="primary" disabled={loading}>
            {loading ? t('create.submitting') : t('create.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
