/** A boolean column as a SQL driver returns it: 0/1 from SQLite, true/false from PostgreSQL. */
export type SqlBoolean = boolean | number

export function fromSqlBoolean(value: SqlBoolean): boolean {
  return value === true || value === 1
}
