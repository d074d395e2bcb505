// Signing out: tell the server to end this session (its refresh token stops
// working), then end it here. The session store's listeners (apollo/client.ts)
// close the WebSocket and clear the Apollo cache; the app shows the login
// page. A server that cannot be reached does not keep anyone signed in.
import { useCallback, useState } from 'react';
import { useApolloClient } from '@apollo/client/react';

import { logoutMutation } from './auth-operations';
import { clearSession, getSession } from './session-store';

const LOGOUT_TIMEOUT_MS = 5_000;

export function useSignOut() {
  const client = useApolloClient();
  const [signingOut, setSigningOut] = useState(false);

  const signOut = useCallback(async () => {
    const session = getSession();
    if (!session) return;
    setSigningOut(true);
    try {
      await Promise.race([
        client.mutate({
          mutation: logoutMutation,
          variables: { input: { refreshToken: session.refreshToken, everywhere: false } },
          fetchPolicy: 'no-cache',
        }),
        new Promise((resolve) => setTimeout(resolve, LOGOUT_TIMEOUT_MS)),
      ]);
    } catch {
      // Ended here all the same; the refresh token expires on its own.
    } finally {
      setSigningOut(false);
      clearSession('signedOut');
    }
  }, [client]);

  return { signOut, signingOut };
}
