import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api/client.js';
import type { ConsoleConfig, Role } from '../api/types.js';
import { devSignIn, oidcSignIn, type Session } from '../auth/session.js';
import { Problem } from '../components/Section.js';
import { t } from '../i18n.js';

const suggestedId = (role: Role) => `${role.slice(0, 1)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * AUTH_MODE=dev: pick a role and an id (a driver also names the taxi, registered on first sign-in).
 * AUTH_MODE=jwks: one button to the identity provider.
 */
export const SignInPage = ({ config, onSignedIn }: { config: ConsoleConfig; onSignedIn: (session: Session) => void }) => {
  const [role, setRole] = useState<Role>('passenger');
  const [id, setId] = useState(() => suggestedId('passenger'));
  const [name, setName] = useState('Kim Taxi');
  const [vehicleNo, setVehicleNo] = useState('12가3456');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const session = await devSignIn(role, id.trim());
      if (role === 'driver')
        await api.registerDriver(name, vehicleNo).catch((failure: unknown) => {
          if (!(failure instanceof ApiError && failure.code === 'DRIVER_ALREADY_REGISTERED')) throw failure;
        });
      onSignedIn(session);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  if (config.authMode === 'jwks') {
    return (
      <main className="center signin">
        <h1>{t('appTitle')}</h1>
        <button type="button" onClick={() => void oidcSignIn(config).catch(setError)}>
          {t('signInWithProvider')}
        </button>
        <Problem error={error} />
      </main>
    );
  }
  return (
    <main className="center signin">
      <h1>{t('appTitle')}</h1>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          {t('role')}
          <select
            value={role}
            onChange={(event) => {
              const next = event.target.value as Role;
              setRole(next);
              setId(suggestedId(next));
            }}
          >
            <option value="passenger">{t('passenger')}</option>
            <option value="driver">{t('driver')}</option>
            <option value="operator">{t('operator')}</option>
          </select>
        </label>
        <label>
          {t('userId')}
          <input value={id} onChange={(event) => setId(event.target.value)} required pattern="[A-Za-z0-9._:@\-]+" maxLength={128} />
        </label>
        {role === 'driver' && (
          <>
            <label>
              {t('driverName')}
              <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} />
            </label>
            <label>
              {t('vehicleNo')}
              <input value={vehicleNo} onChange={(event) => setVehicleNo(event.target.value)} required maxLength={20} />
            </label>
          </>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
      <Problem error={error} />
    </main>
  );
};
