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
 * Where the real apiserver leaks a plain Go error for a malformed patch (a 500 without a reason:
 * duplicate or missing list keys, unknown `$patch` directives), kubesim answers 400 BadRequest with
 * the same message: bad input is never a server error here (a deliberate, documented deviation).
 */
export function unknownServerError(message: string): StatusError {
  return statusWithCode(400, 'BadRequest', message);
}
