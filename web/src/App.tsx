import { lazy, Suspense, useEffect, useState } from 'react';
import { api, whenUnauthorized } from './api/client.js';
import type { ConsoleConfig, Role } from './api/types.js';
import { completeOidcSignIn, restoreSession, type Session, signOut } from './auth/session.js';
import { Problem } from './components/Section.js';
import { t, setTimeZone } from './i18n.js';
// Each page is its own chunk: the sign-in loads none of them, a passenger never loads the charts.
const PassengerPage = lazy(() => import('./pages/PassengerPage.js').then((module) => ({ default: module.PassengerPage })));
const DriverPage = lazy(() => import('./pages/DriverPage.js').then((module) => ({ default: module.DriverPage })));
const OperatorPage = lazy(() => import('./pages/OperatorPage.js').then((module) => ({ default: module.OperatorPage })));
import { SignInPage } from './pages/SignInPage.js';

const PAGES: Record<Role, string> = { passenger: '/passenger', driver: '/driver', operator: '/operator' };

const go = (path: string) => history.replaceState(null, '', path);

/** The shell: settings first, then the sign-in, then the page of the signed-in role. */
export const App = () => {
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [session, setSession] = useState<Session | null>(restoreSession);
  const [error, setError] = useState<unknown>(null);
  // The identity provider sends the browser back here with the code; read before any redirect.
  const [returning] = useState(() => location.pathname === '/signin-callback');

  useEffect(() => {
    whenUnauthorized(() => {
      signOut();
      setSession(null);
    });
    api
      .consoleConfig()
      .then(async (loaded) => {
        setTimeZone(loaded.serviceTimeZone);
        setConfig(loaded);
        if (returning) setSession(await completeOidcSignIn(loaded));
      }, setError)
      .catch(setError);
  }, [returning]);

  useEffect(() => {
    document.title = session ? `${t(session.role)} · ${t('appTitle')}` : t('appTitle');
    if (session && location.pathname !== PAGES[session.role]) go(PAGES[session.role]);
    if (!session && !returning && location.pathname !== '/') go('/');
  }, [session, returning]);

  if (error)
    return (
      <main className="center">
        <Problem error={error} />
      </main>
    );
  if (!config)
    return (
      <main className="center" aria-busy="true">
        …
      </main>
    );
  if (!session) return <SignInPage config={config} onSignedIn={setSession} />;

  return (
    <>
      <header className="top">
        <h1>
          {t('appTitle')} · {t(session.role)}
        </h1>
        <span className="who">
          {t('signedInAs')} <strong data-testid="who">{session.id}</strong>
        </span>
        <button
          type="button"
          onClick={() => {
            signOut();
            setSession(null);
          }}
        >
          {t('signOut')}
        </button>
      </header>
      <main className={`page page-${session.role}`}>
        <Suspense fallback={<p aria-busy="true">…</p>}>
          {session.role === 'passenger' && <PassengerPage config={config} session={session} />}
          {session.role === 'driver' && <DriverPage config={config} session={session} />}
          {session.role === 'operator' && <OperatorPage config={config} />}
        </Suspense>
      </main>
    </>
  );
};
