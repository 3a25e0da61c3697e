// Entry point: language first (so the first paint is already Vietnamese), then data, locale, routes.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client.ts';
import { App } from './app/App.tsx';
import './app/app.css';
import { LocaleProvider } from './app/LocaleProvider.tsx';
import { initI18n } from './i18n/index.ts';

initI18n();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Every read of a person is audited: never re-read behind the officer's back.
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      staleTime: 60_000,
      // A refusal or a bad request will not change on retry; a network blip may.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
    mutations: { retry: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </LocaleProvider>
    </QueryClientProvider>
  </StrictMode>,
);
