import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';
import { t } from '../i18n.js';

/** A titled panel of a page; its heading labels it for assistive technology. */
export const Section = ({ title, id, children }: { title: string; id: string; children: ReactNode }) => (
  <section className="panel" aria-labelledby={`${id}-title`} data-testid={id}>
    {/* Focusable from script only: after an action the page moves focus to the panel it changed. */}
    <h2 id={`${id}-title`} tabIndex={-1}>
      {title}
    </h2>
    {children}
  </section>
);

/** What a failed request looks like to a person: "not available" for an endpoint this server lacks. */
export const Problem = ({ error }: { error: unknown }) => {
  if (!error) return null;
  if (error instanceof ApiError && error.notAvailable)
    return (
      <p className="muted" role="status">
        {t('notAvailable')}
      </p>
    );
  const message = error instanceof ApiError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  return (
    <p className="error" role="alert">
      {t('error')} — {message}
    </p>
  );
};
