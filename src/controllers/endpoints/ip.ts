// The Endpoints controller parses pod IPs exactly like the EndpointSlice controller.
export { parseIP, isIPv6String, type IPFamily, type ParsedIP } from '../endpointslice/ip.js';
