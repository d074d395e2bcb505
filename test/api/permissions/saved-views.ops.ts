/** Saved views 常用筛选: every staff user keeps its own; sharing needs views:share (leads, admins); API keys have none. */
import { next, only, type CallerName, type OperationSet } from './matrix.js';

const STAFF: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer'];
const SHARERS: CallerName[] = ['admin', 'lead', 'lead.gy'];

const LIST = `query { savedViews(page: CUSTOMERS) { id name shared isMine } }`;
const SAVE = `mutation($input: SaveViewInput!) { saveView(input: $input) { view { id } } }`;
const DELETE = `mutation($input: DeleteSavedViewInput!) { deleteSavedView(input: $input) { deletedId } }`;

const view = (shared = false) => ({ name: `矩阵视图 ${next()}`, page: 'CUSTOMERS', filter: { tiers: ['KEY'] }, shared });

export const matrix: OperationSet = {
  operations: [
    {
      name: 'query savedViews',
      run: (s, c) => s.gql(LIST, {}, c.headers),
      expect: only(STAFF, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation saveView (own)',
      run: (s, c) => s.gql(SAVE, { input: view() }, c.headers),
      expect: only(STAFF, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation saveView (shared)',
      run: (s, c) => s.gql(SAVE, { input: view(true) }, c.headers),
      expect: only(SHARERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation deleteSavedView (own)',
      run: async (s, c) => {
        const saved = await s.gql(SAVE, { input: view() }, c.headers);
        if (!saved.data) return saved;
        return s.gql(DELETE, { input: { id: saved.data.saveView.view.id } }, c.headers);
      },
      expect: only(STAFF, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation deleteSavedView (the admin’s)',
      run: async (s, c) => {
        const saved = await s.gql(SAVE, { input: view(true) });
        return s.gql(DELETE, { input: { id: saved.data.saveView.view.id } }, c.headers);
      },
      expect: only(['admin'], 'ok', 'NOT_FOUND', { 'key:read@gy': 'FORBIDDEN', 'key:write@gy': 'FORBIDDEN', 'key:pii@company': 'FORBIDDEN', 'key:org@company': 'FORBIDDEN' }),
    },
  ],
};
