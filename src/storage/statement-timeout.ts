import type { EntityManager, EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';

/**
 * `query_timeout` as PostgreSQL's statement_timeout for one transaction only (`set_config(…, true)`
 * is `SET LOCAL`). A session setting would not survive a pooler in transaction mode: it would stay
 * on a server connection that other clients then get, while this client's next transaction ran on
 * another one without it.
 */
export const SET_STATEMENT_TIMEOUT = "select set_config('statement_timeout', $1, true)";

/** Sets the timeout at the start of every transaction MikroORM opens (units of work, `em.transactional`). */
export class StatementTimeout implements EventSubscriber {
  constructor(readonly milliseconds: number) {}

  async afterTransactionStart({ em, transaction }: TransactionEventArgs): Promise<void> {
    await em.getConnection().execute(SET_STATEMENT_TIMEOUT.replace('$1', '?'), [String(this.milliseconds)], 'run', transaction);
  }
}

/** The timeout the ORM of `em` sets per transaction, for the transactions opened beside MikroORM (bulk writes). */
export function statementTimeoutOf(em: EntityManager): number | undefined {
  return [...em.getEventManager().getSubscribers()].find((subscriber): subscriber is StatementTimeout => subscriber instanceof StatementTimeout)?.milliseconds;
}
