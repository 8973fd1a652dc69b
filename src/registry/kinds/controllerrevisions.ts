// apps/v1 ControllerRevision (pkg/registry/apps/controllerrevision/strategy.go): an immutable
// snapshot of a StatefulSet's or DaemonSet's template; data may not change, only metadata.
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import { controllerRevisionPrinter } from '../printers/apps.js';
import type { Strategy } from '../strategy.js';
import { validateControllerRevision, validateControllerRevisionUpdate } from './apps-validation.js';
import { ALL_VERBS } from './common.js';

export const controllerrevisions: Strategy = {
  info: {
    group: 'apps', version: 'v1', resource: 'controllerrevisions', kind: 'ControllerRevision', singular: 'controllerrevision',
    namespaced: true, verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: false,
  hasStatus: false,
  validate: (o) => validateControllerRevision(o),
  validateUpdate: (o, old) => validateControllerRevisionUpdate(o, old),
  printer: controllerRevisionPrinter,
  patch: { schema: kindStruct({}), zero: { data: null, revision: 0 } },
  protobuf: { message: 'k8s.io.api.apps.v1.ControllerRevision' },
};
