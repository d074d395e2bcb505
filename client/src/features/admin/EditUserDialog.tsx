// Changes a user's display name, role or org unit (updateUser, audited).
// Only what differs is sent. An admin cannot change its own role (the server
// refuses it, so the choice is not offered); a new role or unit ends the
// user's live connections, which the dialog says before saving.
import type { FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { FormDialog } from '../../components/FormDialog';
import { FormField } from '../../components/FormField';
import { LabelledOptions } from '../../components/LabelledOptions';
import { graphql } from '../../gql';
import type { Role } from '../../gql/graphql';
import { useFormFields, type FieldErrors } from '../../lib/use-form-fields';
import { useModalDialog } from '../../lib/use-modal-dialog';
import { ROLES } from '../auth/roles';
import { OrgUnitSelect } from '../org/OrgUnitSelect';
import type { OrgTree } from '../org/org-tree';
import type { AdminUser } from './UsersPanel';

const updateUserMutation = graphql(`
  mutation AdminUpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      user {
        ...AdminUser_user @unmask
      }
    }
  }
`);

const FIELDS = ['name', 'role', 'orgUnitId'] as const;
type Field = (typeof FIELDS)[number];

export interface EditUserDialogProps {
  readonly user: AdminUser | null;
  readonly tree: OrgTree;
  readonly isSelf: boolean;
  onClose(): void;
  onSaved(name: string): void;
}

export function EditUserDialog({ user, tree, isSelf, onClose, onSaved }: EditUserDialogProps) {
  const { t } = useTranslation();
  const form = useFormFields<Field>(FIELDS, () => ({
    name: user?.name ?? '',
    role: user?.role ?? '',
    orgUnitId: user?.orgUnit.id ?? '',
  }));
  const { id, draft, a11y, frame } = form;
  const [update, { loading }] = useMutation(updateUserMutation, { refetchQueries: ['AdminUsers'] });
  const dialogRef = useModalDialog(user !== null, form.reset);

  const accessChanges = !!user && (draft.role !== user.role || draft.orgUnitId !== user.orgUnit.id);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!user) return;
    const found: FieldErrors<Field> = {};
    const name = draft.name.trim();
    if (!name) found.name = t('forms.errors.required');
    else if (name.length > 100) found.name = t('admin.errors.maxLength', { max: 100 });
    if (!draft.role) found.role = t('forms.errors.required');
    if (!draft.orgUnitId) found.orgUnitId = t('forms.errors.required');
    if (form.invalid(found)) return;
    if (name === user.name && draft.role === user.role && draft.orgUnitId === user.orgUnit.id) {
      onClose();
      return;
    }
    try {
      const result = await update({
        variables: {
          input: {
            id: user.id,
            name: name !== user.name ? name : null,
            role: draft.role !== user.role ? (draft.role as Role) : null,
            orgUnitId: draft.orgUnitId !== user.orgUnit.id ? draft.orgUnitId : null,
          },
        },
      });
      if (result.data) onSaved(result.data.updateUser.user.name);
    } catch (e) {
      form.fail(e);
    }
  };

  return (
    <FormDialog
      dialogRef={dialogRef}
      id={id}
      title={t('admin.users.editTitle', { login: user?.login ?? '' })}
      submitLabel={t('admin.save')}
      loading={loading}
      other={form.other}
      onSubmit={submit}
      onClose={onClose}
    >
      <FormField label={t('admin.users.name')} {...frame('name')}>
        <input {...a11y('name')} autoComplete="off" maxLength={100} value={draft.name} required onChange={(e) => form.set('name', e.target.value)} />
      </FormField>
      <div className="field-row admin-field-row-2">
        <FormField label={t('admin.users.role')} {...frame('role')}>
          <select {...a11y('role')} value={draft.role} required disabled={isSelf} onChange={(e) => form.set('role', e.target.value)}>
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
      {isSelf ? <p className="hint">{t('admin.users.ownRole')}</p> : null}
      {accessChanges ? (
        <p className="notice notice-warn" role="status">
          {t('admin.users.accessWarning')}
        </p>
      ) : null}
    </FormDialog>
  );
}
