/** Rows of the admin screens' server side: changing a user (updateUser). */
import { next, only, type OperationSet } from './matrix.js';

export const matrix: OperationSet = {
  operations: [
    {
      name: 'mutation updateUser (rename a 贵阳 user)',
      run: (s, c, t) =>
        s.gql(`mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { id name } } }`, { input: { id: t.victimId, name: `矩阵改名${next()}` } }, c.headers),
      expect: only(['admin'], 'ok', 'FORBIDDEN'),
    },
  ],
};
