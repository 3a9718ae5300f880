/**
 * The gateway and a gemeente instance agree on these to answer identical requests with one read
 * and still log each (R31; docs/routing.md).
 */

/** Sent by the gateway with a fetch it may share: keep this read's access-log entries a moment. */
export const SHAREABLE_READ_HEADER = 'x-toegang-deelbaar'

/** The instance's answer to it: `geen` (nothing was logged) or a reference to the kept entries. */
export const ACCESS_LOG_HEADER = 'x-toegangslog'

/** Where the gateway names the requests that were answered with the read (`x-request-ids`). */
export const SHARED_READ_PATH = '/toegangslog/gedeeld'
