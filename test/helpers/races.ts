/**
 * How many rounds each race test runs. A race shows in most rounds when it is there, so a few suffice
 * for every run; set AANA_STORE_RACE_ROUNDS (e.g. 20) for a soak run before a release or after a
 * change to locking, conflicts or transactions.
 */
export const RACE_ROUNDS = Number(process.env.AANA_STORE_RACE_ROUNDS ?? 3);
