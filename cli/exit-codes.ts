// The CLI's exit codes, printed by `pgwarden --help` and listed in the README.
export const EXIT = {
  /** Done: listed, or every target stopped (or already gone), or a dry run printed. */
  ok: 0,
  /** Some targets were not stopped (still running, refused by a guard rail, not permitted, failed). */
  notAllStopped: 1,
  /** Refused or bad input: bad option, no or bad token, role too low, confirmation missing, unknown cluster. */
  refused: 2,
  /** pgwarden cannot be reached, or it cannot reach the cluster or its state database. */
  unreachable: 3,
} as const;

export const exitCodesHelp = `
Exit codes:
  0  done: listed, every target stopped or already gone, or a dry run printed
  1  some targets were not stopped (still running, refused by a guard rail, not permitted, failed)
  2  refused or bad input (bad option, missing or bad token, role too low, confirmation missing)
  3  pgwarden cannot be reached, or it cannot reach the cluster or its state database`;
