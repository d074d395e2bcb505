/**
 * Staff users: listed within the viewer's subtree, created, changed (name,
 * role, org unit), disabled and re-enabled by admins. Disabling ends the
 * user's sessions at once; a new role or org unit ends its open subscriptions
 * (they were authorised with the old ones) and applies to its next request.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError } from '../../graphql/errors.js';
import { recordEvent } from '../../events/domain-events.js';
import { changedValues, recordAudit, type Actor } from '../audit/audit.service.js';
import { checkPasswordPolicy, hashPassword } from '../auth/password.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import type { DataScope } from '../auth/viewer.js';
import { OrgUnit } from './org-unit.entity.js';
import { isInSubtree } from './org.service.js';
import { Role, User } from './user.entity.js';

export interface UserChanges {
  name?: string | null;
  role?: Role | null;
  orgUnitId?: number | null;
}

export interface NewUser {
  login: string;
  name: string;
  role: Role;
  orgUnitId: number;
  password: string;
  phone: string | null;
}

const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export class UserService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  listUsers(filter: { orgUnitId?: number | null; roles?: Role[] | null; includeDisabled?: boolean | null }): Promise<User[]> {
    const where: Record<string, unknown> = { orgUnit: { path: { $like: `${this.scope.orgPath}%` } } };
    if (filter.orgUnitId) where.orgUnit = { id: filter.orgUnitId, path: { $like: `${this.scope.orgPath}%` } };
    if (filter.roles?.length) where.role = { $in: filter.roles };
    if (!filter.includeDisabled) where.disabledAt = null;
    return this.em.find(User, where as FilterQuery<User>, { orderBy: { id: 'asc' }, limit: 1000 });
  }

  async createUser(input: NewUser): Promise<User> {
    const login = input.login.trim().toLowerCase();
    const fields = [];
    if (!LOGIN_PATTERN.test(login)) fields.push({ field: 'login', message: 'must be 2–63 characters of a–z, 0–9, dot, dash or underscore' });
    if (!input.name.trim()) fields.push({ field: 'name', message: 'must not be empty' });
    if (fields.length) throw AppError.badInput(fields);
    checkPasswordPolicy(input.password, 'password');
    const orgUnit = await this.visibleUnit(input.orgUnitId);
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.em.transactional(async (em) => {
        const user = em.create(User, { login, name: input.name.trim(), role: input.role, orgUnit, phone: input.phone, passwordHash });
        await em.flush();
        await recordAudit(em, this.actor, {
          action: 'user.create',
          entityType: 'User',
          entityId: user.id,
          after: { login, name: user.name, role: user.role, orgUnitId: orgUnit.id },
        });
        return user;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new AppError('CONFLICT', 'This login is taken', [{ field: 'login', message: 'is already used by another user' }]);
      }
      throw error;
    }
  }

  /** Changes name, role and org unit; nothing is written when nothing changes or the input is bad. */
  async updateUser(id: number, changes: UserChanges): Promise<User> {
    const fields = [];
    if (changes.name != null && !changes.name.trim()) fields.push({ field: 'name', message: 'must not be empty' });
    if (fields.length) throw AppError.badInput(fields);
    return this.em.transactional(async (em) => {
      const user = await em.findOne(User, { id, orgUnit: { path: { $like: `${this.scope.orgPath}%` } } }, { populate: ['orgUnit'] });
      if (!user) throw AppError.notFound('User');
      // An admin demoting itself could leave the company without one; another admin must do it.
      if (changes.role && changes.role !== user.role && user.id === this.actor.userId) {
        throw AppError.badInput([{ field: 'role', message: 'you cannot change your own role' }]);
      }
      const unit = changes.orgUnitId ? await this.visibleUnit(changes.orgUnitId, em) : user.orgUnit;
      const before = { name: user.name, role: user.role, orgUnitId: user.orgUnit.id };
      if (changes.name != null) user.name = changes.name.trim();
      if (changes.role) user.role = changes.role;
      user.orgUnit = unit;
      const diff = changedValues(before, { name: user.name, role: user.role, orgUnitId: unit.id });
      if (Object.keys(diff.after).length === 0) return user;
      await em.flush();
      if ('role' in diff.after || 'orgUnitId' in diff.after) {
        await recordEvent(em, { kind: 'auth.user_access_changed', customerId: null, orgUnitId: unit.id, orgPath: unit.path, payload: { userId: user.id } });
      }
      await recordAudit(em, this.actor, { action: 'user.update', entityType: 'User', entityId: user.id, ...diff });
      return user;
    });
  }

  async setDisabled(id: number, disabled: boolean): Promise<User> {
    return this.em.transactional(async (em) => {
      const user = await em.findOne(User, { id, orgUnit: { path: { $like: `${this.scope.orgPath}%` } } }, { populate: ['orgUnit'] });
      if (!user) throw AppError.notFound('User');
      if (disabled && user.id === this.actor.userId) throw AppError.badInput([{ field: 'id', message: 'you cannot disable yourself' }]);
      if (Boolean(user.disabledAt) === disabled) return user;
      const before = user.disabledAt?.toISOString() ?? null;
      user.disabledAt = disabled ? new Date() : null;
      if (!disabled) {
        user.failedLogins = 0;
        user.lockedUntil = null;
      }
      await em.flush();
      if (disabled) {
        await em.nativeUpdate(RefreshToken, { user, revokedAt: null }, { revokedAt: new Date() });
        await recordEvent(em, { kind: 'auth.user_disabled', customerId: null, orgUnitId: user.orgUnit.id, orgPath: user.orgUnit.path, payload: { userId: user.id } });
      }
      await recordAudit(em, this.actor, {
        action: disabled ? 'user.disable' : 'user.enable',
        entityType: 'User',
        entityId: user.id,
        before: { disabledAt: before },
        after: { disabledAt: user.disabledAt?.toISOString() ?? null },
      });
      return user;
    });
  }

  private async visibleUnit(id: number, em: EntityManager = this.em): Promise<OrgUnit> {
    const unit = await em.findOne(OrgUnit, { id });
    if (!unit || !isInSubtree(unit.path, this.scope.orgPath)) throw AppError.badInput([{ field: 'orgUnitId', message: 'does not exist' }]);
    return unit;
  }
}
