// Fault injection: rules (rules.ts), the per-request decision (injector.ts), the HTTP hook and
// admin API (http.ts).
export { FAULT_VERBS, FaultRuleError, normalizeRule, parseRuleFlag, parseRulesText, rulesFromDocument } from './rules.js';
export type { FaultRule, FaultVerb } from './rules.js';
export { FaultInjector, faultStatus, EXPIRED_CONTINUE } from './injector.js';
export type { ActiveRule, FaultDecision, RequestInfo, WatchFault } from './injector.js';
export { ADMIN_PREFIX, interceptWatchFor, registerFaults, requestInfo, watchInterceptor } from './http.js';
