/**
 * One line of the benchmark table. Every section returns these.
 * `value` is a number where a ratio can be taken; a string such as "2.1 / 8.4" (p50 / p99) is
 * printed as is. `met` is null when the row has no target (an informative figure).
 */
export type BenchRow = {
  section: string;
  name: string;
  value: number | string;
  unit: string;
  /** The figure this one is compared with, measured in the same run. */
  baseline?: { value: number; unit: string; name: string } | null;
  ratio?: number | null;
  target?: string | null;
  met?: boolean | null;
};

export type BenchOptions = { quick: boolean };

/** A row with a ratio to its baseline and a target on that ratio, e.g. `ratio ≥ 0.25`. */
export const ratioRow = (
  row: Omit<BenchRow, 'ratio' | 'met' | 'value' | 'baseline'> & { value: number; baseline: NonNullable<BenchRow['baseline']> },
  minimumRatio: number | null,
): BenchRow => {
  const ratio = row.baseline.value > 0 ? row.value / row.baseline.value : null;
  return { ...row, ratio, met: minimumRatio === null ? null : ratio !== null && ratio >= minimumRatio };
};

const formatNumber = (value: number): string => {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
};

const cells = (row: BenchRow): string[] => [
  row.section,
  row.name,
  typeof row.value === 'number' ? formatNumber(row.value) : row.value,
  row.unit,
  row.baseline ? `${formatNumber(row.baseline.value)} ${row.baseline.unit} (${row.baseline.name})` : '–',
  row.ratio === null || row.ratio === undefined ? '–' : `${row.ratio >= 10 ? row.ratio.toFixed(1) : row.ratio.toFixed(2)}×`,
  row.target ?? '–',
  row.met === null || row.met === undefined ? '–' : row.met ? 'yes' : 'NO',
];

const HEADER = ['section', 'name', 'value', 'unit', 'baseline', 'ratio', 'target', 'met?'];

/** A Markdown table, readable in a terminal as well as in docs/benchmarks.md. */
export const formatTable = (rows: readonly BenchRow[]): string => {
  const table = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  const line = (values: string[]) => `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(table[0]!), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...table.slice(1).map(line)].join('\n');
};
