import { useState } from 'react';
import { ApiError } from '../api/client.js';
import { t } from '../i18n.js';

/** What came of an action: done (and what it did) or refused (and why, in the API's words). */
export type Outcome = { ok: boolean; text: string };

const refusal = (error: unknown): Outcome => ({
  ok: false,
  text: error instanceof ApiError ? `${t('refused')}: ${error.code} — ${error.message}` : `${t('refused')}: ${String(error)}`,
});

/** Runs one action at a time and keeps its outcome to show beside the button. */
export const useAction = () => {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const run = (action: () => Promise<string>, after?: () => void) => {
    setBusy(true);
    setOutcome(null);
    action()
      .then(
        (done) => setOutcome({ ok: true, text: `${t('done')}: ${done}` }),
        (error: unknown) => setOutcome(refusal(error)),
      )
      .finally(() => {
        setBusy(false);
        after?.();
      });
  };
  return { outcome, busy, run };
};

export const OutcomeLine = ({ outcome }: { outcome: Outcome | null }) =>
  outcome ? (
    <p role="status" className={outcome.ok ? 'done' : 'error'} data-testid="outcome" data-ok={outcome.ok ? 'yes' : 'no'}>
      {outcome.text}
    </p>
  ) : null;
