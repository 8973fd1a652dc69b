// Cells shared by the workload printers (apps/v1, batch/v1): the wide Containers/Images pair and
// label selectors printed as kubectl's selector syntax (after pkg/printers/internalversion's
// layoutContainerCells and metav1.FormatLabelSelector).
import { selectorFromLabelSelector, type LabelSelectorJSON } from '../../machinery/labels.js';
import { workloadDescriptions, type WorkloadDescriptionKey } from './workload-descriptions.js';
import { arr, column, obj, str, type ColumnDefinition } from './types.js';

type J = Record<string, any>;

/** A column documented by an apps/v1 or batch/v1 field's description. */
export function workloadColumn(name: string, type: string, doc: WorkloadDescriptionKey, priority = 0): ColumnDefinition {
  return column(name, type, workloadDescriptions[doc], { priority });
}

export const containersColumn = (): ColumnDefinition =>
  column('Containers', 'string', 'Names of each container in the template.', { priority: 1 });
export const imagesColumn = (): ColumnDefinition =>
  column('Images', 'string', 'Images referenced by each container in the template.', { priority: 1 });

/** Comma-joined container names and images of a pod template (empty strings without containers). */
export function containerCells(template: unknown): [string, string] {
  const containers = arr<J>(obj(obj(template).spec).containers);
  return [containers.map((c) => str(c.name)).join(','), containers.map((c) => str(c.image)).join(',')];
}

/**
 * metav1.FormatLabelSelector: requirements sorted by key, "k=v", "k in (a,b)", "k notin (a)", "k",
 * "!k"; "<none>" for a missing or empty selector, "<error>" for one that does not parse.
 */
export function formatLabelSelector(selector: unknown): string {
  if (selector === undefined || selector === null) return '<none>';
  try {
    const text = selectorFromLabelSelector(selector as LabelSelectorJSON).toString();
    return text === '' ? '<none>' : text;
  } catch {
    return '<error>';
  }
}

/** An int32 status or spec counter as the printers read it from the internal type (unset = 0). */
export function count(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}
