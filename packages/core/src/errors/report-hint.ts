// What an INTERNAL error asks of the user: a report, since the fault is synctrack's or its
// environment's, not their data's. Core's messages end with it; the CLI adds how to get the stack.
export const REPORT_HINT = 'this is a bug in synctrack or a problem with its environment, not with the data: please report it on the synctrack issue tracker';
