// Shared helpers for the CRD machinery tests: field errors printed as Go's field.Error.Error().
import { fieldErrorBody, type FieldError } from '../../src/machinery/status.js';

export const printed = (errs: FieldError[]): string[] => errs.map((e) => `${e.field}: ${fieldErrorBody(e)}`);
export const sortedPrinted = (errs: FieldError[]): string[] => printed(errs).sort();

/** A v1 CRD with one version whose schema is `schema`. */
export function crdWith(schema: Record<string, any> | undefined, extra: { version?: Record<string, any>; spec?: Record<string, any> } = {}):
  Record<string, any> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      conversion: { strategy: 'None' },
      versions: [{ name: 'v1', served: true, storage: true, ...(schema ? { schema: { openAPIV3Schema: schema } } : {}), ...extra.version }],
      ...extra.spec,
    },
    status: { storedVersions: ['v1'] },
  };
}
