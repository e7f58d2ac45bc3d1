/** A measurement (a fork, a wrk run, a load host) was stopped because the run was interrupted (SIGINT, SIGTERM). */
export class Interrupted extends Error {}
