// Well-known keys and names of the legacy Endpoints controller (spec §0.1, §7.2, §10).

export const EVENT_SOURCE = 'endpoint-controller';
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
export const ANNOTATION_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
/** Leader-election records used to live on Endpoints objects; they are never touched. */
export const ANNOTATION_LEADER = 'control-plane.alpha.kubernetes.io/leader';

/**
 * Go's time.RFC3339Nano in UTC: fractional seconds with trailing zeros trimmed and no fraction
 * at all on a whole second (unlike Date#toISOString, which always prints milliseconds).
 */
export function formatRFC3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-05-01T10:00:00.120Z
  const [whole, frac] = iso.slice(0, -1).split('.');
  const trimmed = (frac ?? '').replace(/0+$/, '');
  return trimmed ? `${whole}.${trimmed}Z` : `${whole}Z`;
}
