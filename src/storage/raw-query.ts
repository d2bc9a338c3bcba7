import type { StoreEntityManager } from './orm.js';

/** A raw query through MikroORM's connection (in the unit of work's transaction, if any), with driver errors converted as the ORM converts them. */
export async function rawQuery<R>(em: StoreEntityManager, sql: string, params: unknown[]): Promise<R[]> {
  try {
    return await em.getConnection().execute<R[]>(sql, params, 'all', em.getTransactionContext());
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  }
}
