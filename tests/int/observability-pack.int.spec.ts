import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parse } from 'yaml';
import { z } from 'zod';
import { Metrics } from '../../src/infrastructure/metrics/metrics.js';

/*
 * The Grafana dashboard and the Prometheus alert rules, checked offline: their shape by schema,
 * and every series they name against what the app's /metrics really exposes, so a renamed metric
 * cannot leave a silent alert behind. promtool checks the rules too when it is installed.
 */
const dir = join(dirname(fileURLToPath(import.meta.url)), '../../deploy/observability');
const rulesFile = join(dir, 'prometheus-rules.yaml');

const duration = z.string().regex(/^\d+[smhd]$/);
const ruleFile = z.strictObject({
  groups: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        interval: duration.optional(),
        rules: z
          .array(
            z.strictObject({
              alert: z.string().regex(/^[A-Z][A-Za-z0-9]+$/),
              expr: z.string().min(1),
              for: duration.optional(),
              labels: z.strictObject({ severity: z.enum(['info', 'warning', 'critical']) }),
              annotations: z.strictObject({ summary: z.string().min(1), description: z.string().min(1) }),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});
const target = z.object({
  refId: z.string(),
  expr: z.string().min(1),
  datasource: z.object({ type: z.literal('prometheus'), uid: z.literal('${datasource}') }),
});
const dashboard = z.object({
  uid: z.string().min(1),
  title: z.string().min(1),
  schemaVersion: z.number().int().min(30),
  templating: z.object({ list: z.array(z.object({ name: z.string(), type: z.string() })) }),
  panels: z
    .array(
      z.object({
        id: z.number().int(),
        type: z.enum(['timeseries', 'stat', 'table', 'gauge', 'bargauge']),
        title: z.string().min(1),
        gridPos: z.object({ h: z.number(), w: z.number().max(24), x: z.number().min(0).max(23), y: z.number().min(0) }),
        targets: z.array(target).min(1),
      }),
    )
    .min(1),
});

/** Series names an expression reads; a histogram's _bucket/_sum/_count belong to its base name. */
const seriesIn = (expr: string) => [...expr.matchAll(/\btaxi_[a-z0-9_]+/g)].map(([name]) => name.replace(/_(bucket|sum|count)$/, ''));

const exposedNames = async () => {
  const text = await new Metrics({ build: { version: 'test' } }).registry.metrics();
  return new Set(
    text
      .split('\n')
      .filter((line) => line.startsWith('# TYPE '))
      .map((line) => line.split(' ')[2]!),
  );
};

describe('Observability pack (deploy/observability)', () => {
  const rules = ruleFile.parse(parse(readFileSync(rulesFile, 'utf8')));
  const alerts = rules.groups.flatMap((group) => group.rules);
  const board = dashboard.parse(JSON.parse(readFileSync(join(dir, 'grafana-dashboard.json'), 'utf8')));

  it('alerts on a read model behind by 5 s, an open breaker for a minute, 5xx, failed payments and dead letters', () => {
    const byName = new Map(alerts.map((rule) => [rule.alert, rule]));
    expect(byName.get('TaxiReadModelBehind')?.expr).to.contain('taxi_projection_lag_seconds').and.to.match(/> 5\b/);
    expect(byName.get('TaxiPaymentBreakerOpen')).to.deep.include({ for: '1m' });
    expect(byName.get('TaxiHttp5xxRate')?.expr).to.contain('status=~"5.."');
    expect(byName.get('TaxiPaymentsFailing')?.expr).to.contain('outcome="failed"');
    expect(byName.get('TaxiDeadLetters')?.expr).to.contain('taxi_notification_dead_letters');
    expect(new Set(alerts.map((rule) => rule.alert)).size, 'alert names are unique').to.equal(alerts.length);
  });

  it('names only series the app exposes, in the rules and on every dashboard panel', async () => {
    const exposed = await exposedNames();
    const named = [...alerts.map((rule) => rule.expr), ...board.panels.flatMap((panel) => panel.targets.map((t) => t.expr))].flatMap(seriesIn);
    expect(named.length).to.be.greaterThan(10);
    expect([...new Set(named)].filter((name) => !exposed.has(name))).to.deep.equal([]);
  });

  it('catches a series the app does not have (the check is not a no-op)', async () => {
    const exposed = await exposedNames();
    expect(seriesIn('rate(taxi_commands_totl[5m])').filter((name) => !exposed.has(name))).to.deep.equal(['taxi_commands_totl']);
    expect(ruleFile.safeParse({ groups: [{ name: 'x', rules: [{ alert: 'X', expr: 'up', labels: {}, annotations: {} }] }] }).success).to.equal(false);
  });

  it('shows read-model lag, dispatch times, payments and build on the dashboard, laid out without overlaps', () => {
    const exprs = board.panels.flatMap((panel) => panel.targets.map((t) => t.expr)).join('\n');
    for (const series of [
      'taxi_projection_lag_seconds',
      'taxi_dispatch_time_to_first_offer_seconds',
      'taxi_dispatch_time_to_accept_seconds',
      'taxi_payment_retry_backlog',
      'taxi_sse_open_streams',
      'taxi_build_info',
    ]) {
      expect(exprs).to.contain(series);
    }
    const cells = board.panels.flatMap(({ gridPos: { x, y, w, h } }) =>
      Array.from({ length: w * h }, (_, i) => `${x + (i % w)},${y + Math.floor(i / w)}`),
    );
    expect(new Set(cells).size).to.equal(cells.length);
  });

  it('passes promtool check rules', function () {
    const promtool = process.env.PROMTOOL ?? 'promtool';
    if (spawnSync(promtool, ['--version']).status !== 0) {
      console.log('      skipped: promtool is not installed (it does not build from the Go module proxy here); the schema checks above still run');
      this.skip();
    }
    const result = spawnSync(promtool, ['check', 'rules', rulesFile], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).to.equal(0);
  });
});
