// Which hint rule applies to a Service (spec §6 decision table), with the topology cache's memory
// of which Services have Auto hints (for the Enabled/Disabled events and node-change requeues).
import { withAddressType, type PlanEvent } from './events.js';
import { addAutoHints, removeHintsFromSlices } from './hints.js';
import type { SliceSets } from './slice-sets.js';
import { hintsEnabled } from './slices.js';
import { TOPOLOGY_MESSAGES, type NodeView } from './topology.js';
import { reconcileTrafficDistributionHints } from './trafficdist.js';
import type { AddressType, Service } from './types.js';

/**
 * Per-Service memory of the topology cache. `populated` is per Service, not per address type, as
 * upstream: a dual-stack Service gets one Enabled event, and a failure in one family clears it.
 */
export interface TopologyHintsState {
  populated: boolean;
  /** address type → zone → hinted endpoints (for serviceOverloaded() after node changes). */
  zoneCounts: Record<string, Record<string, number>>;
}

export interface HintOptions {
  topologyAwareHints?: boolean;
  preferSameTrafficDistribution?: boolean;
}

/** spec.trafficDistribution if this cluster honours it, else null (unknown values act as unset). */
export function usableTrafficDistribution(service: Service, opts: HintOptions): string | null {
  const td = service.spec?.trafficDistribution;
  if (td === 'PreferClose') return td;
  if (opts.preferSameTrafficDistribution !== false && (td === 'PreferSameZone' || td === 'PreferSameNode')) return td;
  return null;
}

function removeState(state: TopologyHintsState, addressType: AddressType): void {
  delete state.zoneCounts[addressType];
  state.populated = false;
}

/** Applies Auto hints, trafficDistribution hints or hint removal to one address type's slices. Updates `state`. */
export function applyHints(service: Service, sets: SliceSets, nodes: NodeView, state: TopologyHintsState, addressType: AddressType, opts: HintOptions) {
  const events: PlanEvent[] = [];
  const auto = hintsEnabled(service);
  const topologyCache = opts.topologyAwareHints !== false;
  const td = usableTrafficDistribution(service, opts);
  const canUseTrafficDistribution = td !== null && !auto;
  let out: SliceSets = { create: sets.create, update: sets.update, unchanged: sets.unchanged };

  if (topologyCache && auto) {
    const res = addAutoHints(out, nodes.cpuRatiosByZone);
    out = res.sets;
    if ('disabledMessage' in res) {
      events.push({ type: 'Warning', reason: 'TopologyAwareHintsDisabled', message: withAddressType(res.disabledMessage, addressType) });
      removeState(state, addressType);
    } else {
      const wasPopulated = state.populated;
      state.zoneCounts[addressType] = res.allocatedByZone;
      state.populated = true;
      if (!wasPopulated) {
        events.push({ type: 'Normal', reason: 'TopologyAwareHintsEnabled', message: withAddressType(TOPOLOGY_MESSAGES.enabled, addressType) });
      }
    }
  } else {
    if (topologyCache) {
      if (state.populated) {
        events.push({ type: 'Warning', reason: 'TopologyAwareHintsDisabled', message: withAddressType(TOPOLOGY_MESSAGES.disabled, addressType) });
      }
      removeState(state, addressType);
    }
    // Keep hints for trafficDistribution to rewrite rather than strip and re-add them.
    if (!canUseTrafficDistribution) out = removeHintsFromSlices(out);
  }
  if (canUseTrafficDistribution) out = reconcileTrafficDistributionHints(td, out);

  return {
    sets: out,
    events,
    topologyLabel: (topologyCache && auto ? 'Auto' : 'Disabled') as 'Auto' | 'Disabled',
    metricTrafficDistribution: canUseTrafficDistribution ? td : '',
  };
}
