// The two error shapes the apiserver's patch handler produces that status.ts has no factory for.
// Both copied from k8s.io/apiserver/pkg/endpoints/handlers/patch.go and apimachinery errors.go.
import { StatusError, statusWithCode } from '../status.js';

/**
 * What the apiserver answers when a JSON patch (or a few SMP failures) cannot be applied:
 * NewGenericServerResponse(422, ...) — reason Invalid, a fixed message, an empty details object.
 * The library's own explanation is not sent to the client; we keep it as `cause` for logs.
 */
export function patchNotApplicable(detail: string): StatusError {
  const e = statusWithCode(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
  e.cause = detail;
  return e;
}

/**
 * A plain Go error that reaches the apiserver's error writer becomes a 500 with reason
 * StatusReasonUnknown (""), which Go's JSON omits. Used where the real server leaks such errors.
 */
export function unknownServerError(message: string): StatusError {
  const e = statusWithCode(500, '', message);
  delete e.status.reason;
  return e;
}
