import {
  type FieldCondition,
  type Filter,
  type FindOptions,
  type IndexSpec,
  RANGE_OPERATORS,
  type RangeCondition,
  type Scalar,
} from '../../application/ports/read-store.js';

/**
 * Translation of the read store's filter, sort and index language to SQLite SQL. Collection names
 * and field paths are validated before they get here (read-store-rules.ts), so they are written into
 * the SQL text: an expression index is only used when the query spells the very same expression,
 * which rules out binding the JSON path as a parameter.
 */
export type SqlValue = string | number | null;
export type SqlFragment = { sql: string; params: SqlValue[] };

export const tableDdl = (table: string): string =>
  // `position` lives in its own column rather than in the JSON: the conditional upsert compares it
  // on every write, and documents come back exactly as the projection wrote them.
  `CREATE TABLE IF NOT EXISTS "${table}" (id TEXT PRIMARY KEY, doc TEXT NOT NULL, position INTEGER NOT NULL)`;

/** Guarded by position: a write older than the stored document changes nothing. */
export const upsertSql = (table: string): string =>
  `INSERT INTO "${table}" (id, doc, position) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE
   SET doc = excluded.doc, position = excluded.position WHERE excluded.position > "${table}".position`;

export const deleteSql = (table: string): string => `DELETE FROM "${table}" WHERE id = ? AND position <= ?`;

/** A commit's checkpoint only moves forward. */
export const SAVE_CHECKPOINT_SQL = `INSERT INTO checkpoints (projection, position) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE
   SET position = excluded.position WHERE excluded.position > checkpoints.position`;

export const CHECKPOINTS_DDL = 'CREATE TABLE IF NOT EXISTS checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL)';

/** `id` is the primary-key column; every other path is read out of the JSON text. */
export const fieldExpression = (path: string): string => (path === 'id' ? 'id' : `json_extract(doc, '$.${path}')`);

const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

/**
 * `json_extract` returns JSON true/false as 1/0 and an object as its JSON text, so comparing the value
 * alone would let `true` match the number 1. Each value is compared within its JSON type; the value
 * comparison stays first and plain so that an index on the expression still serves it.
 */
const JSON_TYPES = { string: "('text')", number: "('integer', 'real')", true: "('true')", false: "('false')" } as const;
type TypeGroup = keyof typeof JSON_TYPES;

const typeGroupOf = (value: string | number | boolean): TypeGroup =>
  typeof value === 'boolean' ? (value ? 'true' : 'false') : typeof value === 'string' ? 'string' : 'number';

const membership = (path: string, values: readonly Scalar[]): SqlFragment => {
  if (path === 'id') {
    const ids = values.filter((value): value is string => typeof value === 'string');
    return ids.length === 0 ? { sql: '0', params: [] } : { sql: `id IN (${placeholders(ids.length)})`, params: ids };
  }
  const expression = fieldExpression(path);
  const parts: SqlFragment[] = values.includes(null) ? [{ sql: `${expression} IS NULL`, params: [] }] : [];
  const groups = new Map<TypeGroup, SqlValue[]>();
  for (const value of values) {
    if (value === null) continue;
    const group = typeGroupOf(value);
    groups.set(group, [...(groups.get(group) ?? []), typeof value === 'boolean' ? Number(value) : value]);
  }
  for (const [group, params] of groups) {
    const test = params.length === 1 ? '= ?' : `IN (${placeholders(params.length)})`;
    parts.push({ sql: `(${expression} ${test} AND json_type(doc, '$.${path}') IN ${JSON_TYPES[group]})`, params });
  }
  if (parts.length === 0) return { sql: '0', params: [] };
  return { sql: parts.length === 1 ? parts[0]!.sql : `(${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
};

const SQL_OPERATORS = { $lt: '<', $lte: '<=', $gt: '>', $gte: '>=' } as const;

/** Each bound within the value's JSON type, as equality does: a number never compares with a string. */
const range = (path: string, condition: RangeCondition): SqlFragment => {
  const parts: SqlFragment[] = [];
  for (const op of RANGE_OPERATORS) {
    const value = condition[op];
    if (value === undefined) continue;
    const expression = fieldExpression(path);
    const typed = path === 'id' ? '' : ` AND json_type(doc, '$.${path}') IN ${JSON_TYPES[typeGroupOf(value)]}`;
    parts.push({ sql: `(${expression} ${SQL_OPERATORS[op]} ?${typed})`, params: [value] });
  }
  if (parts.length === 0) return { sql: '1', params: [] };
  return { sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) };
};

const isMembership = (condition: FieldCondition): condition is { $in: readonly Scalar[] } =>
  condition !== null && typeof condition === 'object' && '$in' in condition;

const conditionSql = (path: string, condition: FieldCondition): SqlFragment => {
  if (isMembership(condition)) return membership(path, condition.$in);
  if (condition !== null && typeof condition === 'object') return range(path, condition);
  return membership(path, [condition]);
};

export const whereClause = (filter: Filter): SqlFragment => {
  const parts = Object.entries(filter).map(([path, condition]) => conditionSql(path, condition));
  if (parts.length === 0) return { sql: '', params: [] };
  return { sql: ` WHERE ${parts.map((p) => p.sql).join(' AND ')}`, params: parts.flatMap((p) => p.params) };
};

/** Ties broken by id so that skip/limit pages are stable; the Mongo adapter does the same. */
export const orderClause = (sort: FindOptions['sort'] = []): string => {
  const keys = sort.some(([path]) => path === 'id') ? sort : [...sort, ['id', 'asc'] as const];
  return ` ORDER BY ${keys.map(([path, direction]) => `${fieldExpression(path)} ${direction.toUpperCase()}`).join(', ')}`;
};

export const findQuery = (table: string, filter: Filter, options: FindOptions): SqlFragment => {
  const where = whereClause(filter);
  return {
    sql: `SELECT doc FROM "${table}"${where.sql}${orderClause(options.sort)} LIMIT ? OFFSET ?`,
    params: [...where.params, options.limit ?? -1, options.skip ?? 0],
  };
};

/**
 * Index names carry the field signature (looked up by `ensureIndexes`) plus a unique suffix: SQLite
 * index names are global to the file and stay the same when a shadow table is renamed into place,
 * so a name derived from the table alone would collide with the next rebuild's shadow.
 */
export const indexSignature = (index: IndexSpec): string => `ix:${index.map(([path, direction]) => `${path}:${direction}`).join(',')}`;

export const signatureOfIndexName = (name: string): string => name.slice(0, name.lastIndexOf('#'));

export const createIndexSql = (table: string, name: string, index: IndexSpec): string =>
  `CREATE INDEX "${name}" ON "${table}" (${index.map(([path, direction]) => `${fieldExpression(path)} ${direction.toUpperCase()}`).join(', ')})`;
