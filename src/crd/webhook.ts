// spec.conversion of a CRD (validateCustomResourceConversion in apiextensions validation.go, and
// k8s.io/apiserver pkg/util/webhook/validation.go for the client config). v1's
// spec.conversion.webhook.{clientConfig,conversionReviewVersions} are the internal
// webhookClientConfig and conversionReviewVersions, whose names the error paths carry.
// Behaviour copied from the apiserver.
import { fieldError, type FieldError } from '../machinery/status.js';
import { isDNS1035Label, isDNS1123Subdomain, isValidPortNum } from '../machinery/validation.js';
import { child, index, isObject } from './util.js';

const ACCEPTED_REVIEW_VERSIONS = ['v1', 'v1beta1'];
const URL_FORM = '; desired format: https://host[/path]';

interface GoURL {
  scheme: string;
  user: string;
  host: string;
  rawQuery: string;
  fragment: string;
}

/** The parts of a URL as Go's url.Parse splits them (it accepts what WHATWG URL rejects, e.g. ""). */
function parseGoURL(raw: string): GoURL | Error {
  let rest = raw;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  if (rest.startsWith(':')) return new Error(`parse ${JSON.stringify(raw)}: missing protocol scheme`);
  let scheme = '';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (m) {
    scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  }
  let rawQuery = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let user = '';
  let host = '';
  if (rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    let authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      user = authority.slice(0, at);
      authority = authority.slice(at + 1);
    }
    host = authority;
  }
  return { scheme, user, host, rawQuery, fragment };
}

export function validateWebhookURL(path: string, raw: string): FieldError[] {
  const u = parseGoURL(raw);
  if (u instanceof Error) return [fieldError.required(path, `url must be a valid URL: ${u.message}${URL_FORM}`)];
  const errs: FieldError[] = [];
  if (u.scheme !== 'https') errs.push(fieldError.invalid(path, u.scheme, `'https' is the only allowed URL scheme${URL_FORM}`));
  if (!u.host) errs.push(fieldError.invalid(path, u.host, `host must be specified${URL_FORM}`));
  if (u.user) errs.push(fieldError.invalid(path, u.user, 'user information is not permitted in the URL'));
  if (u.fragment) errs.push(fieldError.invalid(path, u.fragment, 'fragments are not permitted in the URL'));
  if (u.rawQuery) errs.push(fieldError.invalid(path, u.rawQuery, 'query parameters are not permitted in the URL'));
  return errs;
}

export function validateWebhookService(path: string, svc: Record<string, any>): FieldError[] {
  const errs: FieldError[] = [];
  if (!svc.name) errs.push(fieldError.required(child(path, 'name'), 'service name is required'));
  if (!svc.namespace) errs.push(fieldError.required(child(path, 'namespace'), 'service namespace is required'));
  const port = typeof svc.port === 'number' ? svc.port : 443;
  const portErrs = isValidPortNum(port);
  if (portErrs.length) errs.push(fieldError.invalid(child(path, 'port'), port, `port is not valid: ${portErrs.join(', ')}`));
  const p = typeof svc.path === 'string' ? svc.path : undefined;
  if (p === undefined || p === '' || p === '/') return errs;
  const pathField = child(path, 'path');
  if (p === '//') return [...errs, fieldError.invalid(pathField, p, 'segment[0] may not be empty')];
  if (!p.startsWith('/')) errs.push(fieldError.invalid(pathField, p, "must start with a '/'"));
  let rest = p.slice(1);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  rest.split('/').forEach((step, i) => {
    if (!step) {
      errs.push(fieldError.invalid(pathField, p, `segment[${i}] may not be empty`));
      return;
    }
    for (const f of isDNS1123Subdomain(step)) errs.push(fieldError.invalid(pathField, p, `segment[${i}]: ${f}`));
  });
  return errs;
}

function validateReviewVersions(versions: unknown, path: string): FieldError[] {
  const list: unknown[] = Array.isArray(versions) ? versions : [];
  if (list.length === 0) return [fieldError.required(path, '')];
  const errs: FieldError[] = [];
  const seen = new Set<unknown>();
  let accepted = false;
  list.forEach((v, i) => {
    if (seen.has(v)) {
      errs.push(fieldError.invalid(index(path, i), v, 'duplicate version'));
      return;
    }
    seen.add(v);
    for (const e of isDNS1035Label(String(v))) errs.push(fieldError.invalid(index(path, i), v, e));
    if (ACCEPTED_REVIEW_VERSIONS.includes(String(v))) accepted = true;
  });
  if (!accepted) errs.push(fieldError.invalid(path, list, `must include at least one of ${ACCEPTED_REVIEW_VERSIONS.join(', ')}`));
  return errs;
}

/** spec.conversion (after defaulting, so normally present). */
export function validateConversion(conversion: Record<string, any> | undefined, path: string): FieldError[] {
  if (!conversion) return [];
  const errs: FieldError[] = [];
  const strategy = typeof conversion.strategy === 'string' ? conversion.strategy : '';
  const strategyPath = child(path, 'strategy');
  if (!strategy) errs.push(fieldError.required(strategyPath, ''));
  else if (strategy !== 'None' && strategy !== 'Webhook') errs.push(fieldError.notSupported(strategyPath, strategy, ['None', 'Webhook']));
  const webhook = isObject(conversion.webhook) ? conversion.webhook : undefined;
  const cc = webhook && isObject(webhook.clientConfig) ? webhook.clientConfig : undefined;
  const ccPath = child(path, 'webhookClientConfig');
  if (strategy === 'Webhook') {
    if (!cc) errs.push(fieldError.required(ccPath, 'required when strategy is set to Webhook'));
    else {
      const hasURL = typeof cc.url === 'string';
      const hasService = isObject(cc.service);
      if (hasURL === hasService) errs.push(fieldError.required(ccPath, 'exactly one of url or service is required'));
      else if (hasURL) errs.push(...validateWebhookURL(child(ccPath, 'url'), cc.url));
      else errs.push(...validateWebhookService(child(ccPath, 'service'), cc.service));
    }
    errs.push(...validateReviewVersions(webhook?.conversionReviewVersions, child(path, 'conversionReviewVersions')));
  } else {
    if (cc) errs.push(fieldError.forbidden(ccPath, 'should not be set when strategy is not set to Webhook'));
    if (Array.isArray(webhook?.conversionReviewVersions) && webhook.conversionReviewVersions.length > 0) {
      errs.push(fieldError.forbidden(child(path, 'conversionReviewVersions'), 'should not be set when strategy is not set to Webhook'));
    }
  }
  return errs;
}
