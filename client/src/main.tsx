// Entry point: strings first (i18n initialises synchronously from the bundled
// locale files), then the Apollo client, then the app.
import './lib/i18n';
import './styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApolloProvider } from '@apollo/client/react';

import { apolloClient } from './apollo/client';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ApolloProvider client={apolloClient}>
      <App />
    </ApolloProvider>
  </StrictMode>,
);
