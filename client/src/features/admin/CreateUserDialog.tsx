// A new staff user (createUser) in a modal <dialog>. The form checks what the
// server checks (login shape, a name, a password of at least 10 characters,
// a phone number's shape, a unit) so most mistakes show before sending; the
// server's field errors and a taken login (CONFLICT) show the same way.
import type { FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { FormDialog } from '../../components/FormDialog';
import { FormField } from '../../components/FormField';
import { LabelledOptions } from '../../components/LabelledOptions';
import { graphql } from '../../gql';
import type { Role } from '../../gql/graphql';
import { readError } from '../../lib/graphql-errors';
import { useFormFields, type FieldErrors } from '../../lib/use-form-fields';
import { useModalDialog } from '../../lib/use-modal-dialog';
import { ROLES } from '../auth/roles';
import { OrgUnitSelect } from '../org/OrgUnitSelect';
import type { OrgTree } from '../org/org-tree';

const createUserMutation = graphql(`
  mutation AdminCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      user {
        ...AdminUser_user @unmask
      }
    }
  }
`);

/** The server's rules (modules/org/user.service.ts, auth.policy.ts). */
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}$/;
export const MIN_PASSWORD_LENGTH = 10;
const PHONE_PATTERN = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?)$/;

const FIELDS = ['login', 'name', 'role', 'orgUnitId', 'password', 'phone'] as const;
type Field = (typeof FIELDS)[number];

export interface CreateUserDialogProps {
  readonly open: boolean;
  readonly tree: OrgTree;
  onClose(): void;
  onCreated(name: string): void;
}

export function CreateUserDialog({ open, tree, onClose, onCreated }: CreateUserDialogProps) {
  const { t } = useTranslation();
  const form = useFormFields<Field>(FIELDS, () => ({ login: '', name: '', role: '', orgUnitId: '', password: '', phone: '' }));
  const { id, draft, a11y, frame } = form;
  const [create, { loading }] = useMutation(createUserMutation, { refetchQueries: ['AdminUsers'] });
  const dialogRef = useModalDialog(open, form.reset);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const login = draft.login.trim().toLowerCase();
    const found: FieldErrors<Field> = {};
    if (!LOGIN_PATTERN.test(login)) found.login = t('admin.users.errors.login');
    if (!draft.name.trim()) found.name = t('forms.errors.required');
    else if (draft.name.trim().length > 100) found.name = t('admin.errors.maxLength', { max: 100 });
    if (!draft.role) found.role = t('forms.errors.required');
    if (!draft.orgUnitId) found.orgUnitId = t('forms.errors.required');
    if (draft.password.length < MIN_PASSWORD_LENGTH) found.password = t('admin.users.errors.password', { min: MIN_PASSWORD_LENGTH });
    else if (draft.password.length > 200) found.password = t('admin.errors.maxLength', { max: 200 });
    if (draft.phone.trim() && !PHONE_PATTERN.test(draft.phone.trim())) found.phone = t('admin.users.errors.phone');
    if (form.invalid(found)) return;
    try {
      const result = await create({
        variables: {
          input: {
            login,
            name: draft.name.trim(),
            role: draft.role as Role,
            orgUnitId: draft.orgUnitId,
            password: draft.password,
            phone: draft.phone.trim() || null,
          },
        },
      });
      if (result.data) onCreated(result.data.createUser.user.name);
    } catch (e) {
      // A taken login is CONFLICT naming the login field: show it there.
      const readable = readError(e);
      if (readable.code === 'CONFLICT') form.invalid({ login: t('admin.users.errors.loginTaken') });
      else form.fail(e);
    }
  };

  return (
    <FormDialog
      dialogRef={dialogRef}
      id={id}
      title={t('admin.users.createTitle')}
      submitLabel={t('admin.users.createSubmit')}
      loading={loading}
      other={form.other}
      onSubmit={submit}
      onClose={onClose}
    >
      <div className="field-row admin-field-row-2">
        <FormField label={t('admin.users.login')} {...frame('login')}>
          <input {...a11y('login')} className="mono" autoComplete="off" spellCheck={false} maxLength={63} value={draft.login} required onChange={(e) => form.set('login', e.target.value)} />
        </FormField>
        <FormField label={t('admin.users.name')} {...frame('name')}>
          <input {...a11y('name')} autoComplete="off" maxLength={100} value={draft.name} required onChange={(e) => form.set('name', e.target.value)} />
        </FormField>
      </div>
      <p className="hint">{t('admin.users.loginHint')}</p>
      <div className="field-row admin-field-row-2">
        <FormField label={t('admin.users.role')} {...frame('role')}>
          <select {...a11y('role')} value={draft.role} required onChange={(e) => form.set('role', e.target.value)}>
            <option value="">{t('forms.choose')}</option>
            <LabelledOptions values={ROLES} label={(r) => t(`enums.role.${r}`)} />
          </select>
        </FormField>
        <FormField label={t('admin.users.orgUnit')} {...frame('orgUnitId')}>
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
      </div>
      <div className="field-row admin-field-row-2">
        <FormField label={t('admin.users.password')} {...frame('password')}>
          <input {...a11y('password')} type="password" autoComplete="new-password" maxLength={200} value={draft.password} required onChange={(e) => form.set('password', e.target.value)} />
        </FormField>
        <FormField label={t('admin.users.phone')} {...frame('phone')}>
          <input {...a11y('phone')} type="tel" autoComplete="off" value={draft.phone} onChange={(e) => form.set('phone', e.target.value)} />
        </FormField>
      </div>
      <p className="hint">{t('admin.users.passwordHint', { min: MIN_PASSWORD_LENGTH })}</p>
    </FormDialog>
  );
}
