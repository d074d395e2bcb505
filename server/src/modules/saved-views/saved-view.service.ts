/**
 * Saved views 常用筛选 (see saved-view.entity.ts). Rules:
 * - Views belong to a staff user; partner API keys have none.
 * - A view's filter is checked against its page's filter input type before
 *   it gets here (saved-view.filters.ts); this service stores it as given.
 * - Names are 1–60 characters (trimmed), unique per owner and page
 *   (CONFLICT); at most MAX_VIEWS_PER_PAGE views per owner and page.
 * - `shared` needs views:share (leads, admins): the view then shows for
 *   every user whose org unit lies in the subtree of the owner's org unit
 *   at the time of saving. In SQL: the view's unit is one of the viewer's
 *   unit or its ancestors (the ids on the viewer's materialised path).
 * - Only the owner deletes a view; anyone else's, shared or not, is
 *   NOT_FOUND.
 */
import { LockMode, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { StaffPermission } from '../auth/permissions.js';
import type { StaffViewer } from '../auth/viewer.js';
import type { CustomerOrder } from '../customers/dto/customer.inputs.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { SAVED_VIEW_NAME_MAX, SavedView, SavedViewPage } from './saved-view.entity.js';
import { SavedViewErrors as E } from './saved-view.errors.js';

export const MAX_VIEWS_PER_PAGE = 50;

export interface NewSavedView {
  page: SavedViewPage;
  name: string;
  /** Already checked against the page's filter type. */
  filter: Record<string, unknown>;
  orderBy?: CustomerOrder | null;
  shared?: boolean | null;
}

/** The ids on a materialised path '/1/4/9/': the unit and its ancestors. */
function unitAndAncestors(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

export class SavedViewService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: StaffViewer,
  ) {}

  /** What the viewer may see of a page: its own views and those shared with its subtree, by name. */
  list(page: SavedViewPage): Promise<SavedView[]> {
    return this.em.find(SavedView, { $and: [{ page }, this.visible()] }, { orderBy: { name: 'asc', id: 'asc' } });
  }

  /** One view the viewer may see, or null. */
  findVisible(id: number): Promise<SavedView | null> {
    return this.em.findOne(SavedView, { $and: [{ id }, this.visible()] });
  }

  async save(data: NewSavedView): Promise<SavedView> {
    const name = data.name.trim();
    if (name.length === 0) throw E.bad('name', 'must not be empty');
    if ([...name].length > SAVED_VIEW_NAME_MAX) throw E.bad('name', `must be at most ${SAVED_VIEW_NAME_MAX} characters`);
    if (data.page === SavedViewPage.CONTRACTS && data.orderBy) throw E.bad('orderBy', 'applies to customer and prospect lists only');
    if (data.shared && !this.viewer.permissions.has(StaffPermission.VIEWS_SHARE)) throw E.shareForbidden();
    try {
      return await this.em.transactional(async (em) => {
        // One writer per owner at a time, so the per-page cap holds under concurrent saves.
        await em.findOneOrFail(User, { id: this.viewer.userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        const count = await em.count(SavedView, { owner: this.viewer.userId, page: data.page });
        if (count >= MAX_VIEWS_PER_PAGE) throw E.tooMany(MAX_VIEWS_PER_PAGE);
        if (await em.count(SavedView, { owner: this.viewer.userId, page: data.page, name })) throw E.nameTaken();
        const view = em.create(SavedView, {
          owner: em.getReference(User, this.viewer.userId),
          orgUnit: em.getReference(OrgUnit, this.viewer.orgUnitId),
          page: data.page,
          name,
          filter: data.filter,
          orderBy: data.orderBy ?? null,
          shared: data.shared ?? false,
        });
        await em.flush();
        return view;
      });
    } catch (error) {
      // Two saves of the same name at once: the unique key decides.
      if (error instanceof UniqueConstraintViolationException) throw E.nameTaken();
      throw error;
    }
  }

  /** Deletes one of the viewer's own views; any other is NOT_FOUND. */
  async delete(id: number): Promise<void> {
    const deleted = await this.em.nativeDelete(SavedView, { id, owner: this.viewer.userId });
    if (deleted === 0) throw E.notFound();
  }

  private visible(): FilterQuery<SavedView> {
    return { $or: [{ owner: this.viewer.userId }, { shared: true, orgUnit: { $in: unitAndAncestors(this.viewer.orgPath) } }] };
  }
}
