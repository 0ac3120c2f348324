import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useMemo, useRef } from 'react';
import { api } from '../../api/client.js';
import type { DailyReportDay } from '../../api/types.js';
import { Problem, Section } from '../../components/Section.js';
import { usePolling } from '../../components/usePolling.js';
import { formatDuration, formatPercent, rideTypeLabel, serviceDay, t } from '../../i18n.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLORS = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c'];

const BarChart = ({ label, labels, series }: { label: string; labels: string[]; series: { name: string; values: number[] }[] }) => {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets: series.map((s, index) => ({ label: s.name, data: s.values, backgroundColor: COLORS[index % COLORS.length] })) },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } },
    });
    return () => chart.destroy();
  }, [labels, series]);
  return (
    <figure className="chart">
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={label} />
      </div>
      <figcaption>{label}</figcaption>
    </figure>
  );
};

/** The last week, day by day: rides requested, finished, cancelled; revenue per ride type. */
export const DailyReport = ({ version }: { version: number }) => {
  const today = new Date();
  const from = serviceDay(new Date(today.getTime() - 6 * 86_400_000));
  // The calls' changes move the numbers; the hourly look catches the day turning over.
  const report = usePolling(() => api.dailyReport(from, serviceDay(today)), 3_600_000, true, [version]);
  // Derived once per answer: a chart is rebuilt only when the numbers change.
  const charts = useMemo(() => {
    // Days without a single call are left out: a week with one busy day reads as one bar, not six gaps.
    const days: DailyReportDay[] = (report.value?.days ?? []).filter((day) => (day.requested ?? 0) > 0);
    const labels = days.map((day) => day.day);
    const types = [...new Set(days.flatMap((day) => Object.keys(day.revenue ?? {})))];
    return {
      days,
      labels,
      rides: [
        { name: t('requested'), values: days.map((day) => day.requested ?? 0) },
        { name: t('finished'), values: days.map((day) => day.finished ?? 0) },
        { name: t('cancelled'), values: days.map((day) => day.cancelled ?? 0) },
        { name: t('noDriver'), values: days.map((day) => day.expiredWithoutDriver ?? 0) },
      ],
      revenue: types.map((type) => ({ name: rideTypeLabel(type), values: days.map((day) => day.revenue?.[type]?.amount ?? 0) })),
    };
  }, [report.value]);
  return (
    <Section title={t('dailyReport')} id="daily-report">
      <Problem error={report.error} />
      {report.value && charts.days.length === 0 && <p className="muted">{t('nothingYet')}</p>}
      {charts.days.length > 0 && (
        <div className="charts">
          <BarChart label={t('ridesPerDay')} labels={charts.labels} series={charts.rides} />
          <BarChart label={t('revenue')} labels={charts.labels} series={charts.revenue} />
        </div>
      )}
      {charts.days.length > 0 && (
        <table className="report">
          <thead>
            <tr>
              <th scope="col">{t('day')}</th>
              <th scope="col">{t('timeToAccept')}</th>
              <th scope="col">{t('cancellationRate')}</th>
            </tr>
          </thead>
          <tbody>
            {charts.days.map((day) => (
              <tr key={day.day}>
                <td>{day.day}</td>
                <td>
                  {day.timeToAcceptSeconds?.median === null || day.timeToAcceptSeconds?.median === undefined
                    ? '–'
                    : formatDuration(day.timeToAcceptSeconds.median)}
                </td>
                <td>{formatPercent(day.cancellationRate ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
};
