import { execFile } from 'node:child_process';
import { inParallel } from './fleet.js';
import { type DemoHttp, everyPage } from './http.js';
import type { CallLedger } from './passengers.js';

type CallEntry = { callId: string; status: string; paymentId: string | null; paymentStatus: string | null };
type DriverEntry = { driverId: string; currentCallId: string | null };

export type CheckOptions = {
  /** When set, read models are compared with a rebuild by `taxi projections verify`, run with this environment (the server's stores). */
  verifyEnv?: Record<string, string | undefined>;
  /** The payment gateway the server charges (PAYMENT_GATEWAY_URL): each approved ride is looked up in its ledger. */
  gatewayUrl?: string;
  /** Only rides requested since then are checked for payment. */
  since: Date;
};

export type CityCheck = { ok: boolean; lines: string[] };

const ROOT = new URL('../..', import.meta.url).pathname;

/** `taxi projections verify --json` against the server's stores: every read model equal to a rebuild. */
const verifyReadModels = (env: Record<string, string | undefined>) =>
  new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/infrastructure/cli/cli.ts', 'projections', 'verify', '--json'],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 600_000, maxBuffer: 16 * 2 ** 20 },
      (error, stdout, stderr) => {
        if (error && !stdout.trim().startsWith('{')) return resolve(`not checked (${stderr.trim().split('\n')[0] ?? error.message})`);
        const result = JSON.parse(stdout) as {
          equal: boolean;
          head: number;
          models: Array<{ model: string; equal: boolean; firstDifference?: string }>;
        };
        const differing = result.models.filter((model) => !model.equal);
        resolve(
          result.equal
            ? `equal to a rebuild (${result.models.length} read models, log head ${result.head})`
            : `DIFFER from a rebuild: ${differing.map((m) => `${m.model} ${m.firstDifference ?? ''}`).join('; ')}`,
        );
      },
    );
  });

const charges = async (http: DemoHttp, gatewayUrl: string, paymentIds: string[]) => {
  const wrong: string[] = [];
  await inParallel(paymentIds, 16, async (paymentId) => {
    const res = await fetch(`${gatewayUrl.replace(/\/$/, '')}/charges?reference=${encodeURIComponent(paymentId)}`);
    const { charges: found } = (await res.json()) as { charges: unknown[] };
    if (found.length !== 1) wrong.push(`${paymentId}: ${found.length} charges`);
  });
  return wrong;
};

/**
 * The city's invariants after a run, as an operator sees them through the API: no ride left
 * DISPATCHED or DRIVING, no driver ON_RIDE without one, every finished ride of the run charged
 * (APPROVED, once in the gateway's ledger when it can be read) or pending, read models equal a rebuild.
 */
export const checkCity = async (http: DemoHttp, ledger: CallLedger, options: CheckOptions): Promise<CityCheck> => {
  const token = await http.token('operator', 'demo-operator');
  const open = await everyPage<CallEntry>(http, token, '/api/calls?status=DISPATCHED,DRIVING');
  const openIds = new Set(open.map((call) => call.callId));
  const onRide = await everyPage<DriverEntry>(http, token, '/api/drivers?status=ON_RIDE');
  const busyWithoutRide = onRide.filter((driver) => !driver.currentCallId || !openIds.has(driver.currentCallId));
  const finished = (await everyPage<CallEntry>(http, token, `/api/calls?status=FINISHED&from=${options.since.toISOString()}`)).filter((call) =>
    ledger.get(call.callId),
  );
  const unpaid = finished.filter((call) => !call.paymentId || !['APPROVED', 'PENDING'].includes(call.paymentStatus ?? ''));
  const approved = finished.filter((call) => call.paymentStatus === 'APPROVED').map((call) => call.paymentId!);
  const doubleCharged = options.gatewayUrl ? await charges(http, options.gatewayUrl, approved) : [];
  const readModels = options.verifyEnv ? await verifyReadModels(options.verifyEnv) : 'not checked (pass --check)';
  const lines = [
    `rides DISPATCHED or DRIVING: ${open.length} (of this run: ${open.filter((call) => ledger.get(call.callId)).length})`,
    `drivers ON_RIDE: ${onRide.length}, of them without a ride: ${busyWithoutRide.length}`,
    `finished rides of this run: ${finished.length}; APPROVED ${approved.length}, PENDING ${finished.filter((c) => c.paymentStatus === 'PENDING').length}, ` +
      `neither: ${unpaid.length}${
        unpaid.length
          ? ` (${unpaid
              .slice(0, 3)
              .map((c) => `${c.callId} ${c.paymentStatus ?? 'no payment'}`)
              .join(', ')})`
          : ''
      }`,
    options.gatewayUrl
      ? `charged exactly once in the gateway's ledger: ${approved.length - doubleCharged.length} of ${approved.length}${doubleCharged.length ? ` — ${doubleCharged.slice(0, 3).join(', ')}` : ''}`
      : 'gateway ledger: not read (pass --gateway URL when the server runs with PAYMENT_GATEWAY_URL)',
    `read models: ${readModels}`,
  ];
  const ok =
    open.length === 0 &&
    busyWithoutRide.length === 0 &&
    onRide.length === 0 &&
    unpaid.length === 0 &&
    doubleCharged.length === 0 &&
    !readModels.startsWith('DIFFER');
  return { ok, lines };
};
