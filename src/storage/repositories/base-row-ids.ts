import { isSqlitePlatform } from '../platform.js';
import type { StoreEntityManager } from '../orm.js';
import { rawQuery } from '../raw-query.js';

/**
 * Ids for `count` new rows of an Aana base table (`transcript`, `caption`), taken inside the
 * writing transaction. SQLite: the next after the largest, as SQLite itself numbers a rowid alias
 * (SQLAlchemy's integer key, without AUTOINCREMENT); the transaction holds the write lock
 * (writeTransaction), so no other writer takes them. PostgreSQL: from the `<table>_id_seq`
 * sequence, which alembic's init made a SERIAL's in one version and a bare integer's companion in
 * another; only an id taken from the sequence fits both.
 */
export async function nextBaseIds(em: StoreEntityManager, table: string, count: number): Promise<number[]> {
  if (isSqlitePlatform(em.getPlatform())) {
    const q = em.getPlatform().quoteIdentifier.bind(em.getPlatform());
    const [{ last }] = await rawQuery<{ last: number | null }>(em, `select max(${q('id')}) as last from ${q(table)}`, []);
    return Array.from({ length: count }, (_, i) => Number(last ?? 0) + 1 + i);
  }
  const rows = await rawQuery<{ id: string | number }>(em, `select nextval(?) as id from generate_series(1, ?)`, [`${table}_id_seq`, count]);
  return rows.map((row) => Number(row.id));
}
