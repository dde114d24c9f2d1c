/**
 * A study that cannot go on for a reason outside the config (Redis unreachable or gone, a
 * batch that stalled too often, an interrupt): the command prints the message and exits with
 * `exitStatus` (1, or 130 for an interrupt), with no stack trace and no "please report it".
 */
export class QueueError extends Error {
  constructor(
    message: string,
    readonly exitStatus = 1,
  ) {
    super(message);
    this.name = 'QueueError';
  }
}
