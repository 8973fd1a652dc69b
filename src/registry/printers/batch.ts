// batch/v1 Table printers, with the columns and cells of the apiserver's printJob and printCronJob
// (pkg/printers/internalversion/printers.go). Wide columns come last with priority 1.
import { age, humanDuration, parseTimestamp } from '../../machinery/duration.js';
import { ageColumn, ageOf, arr, column, nameColumn, nameOf, obj, str, type Printer } from './types.js';
import {
  containerCells, containersColumn, count, formatLabelSelector, imagesColumn, workloadColumn,
} from './workload.js';

type J = Record<string, any>;

function hasCondition(job: J, type: string): boolean {
  return arr<J>(obj(job.status).conditions).some((c) => c.type === type && c.status === 'True');
}

/** The Status cell: terminal conditions first, then deletion, suspension and failure/success targets. */
export function jobStatus(job: J): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (obj(job.metadata).deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

/** "2/3"; without completions "0/1", or "0/1 of 4" when more than one pod runs in parallel. */
export function jobCompletions(job: J): string {
  const spec = obj(job.spec);
  const succeeded = count(obj(job.status).succeeded);
  if (typeof spec.completions === 'number') return `${succeeded}/${spec.completions}`;
  const parallelism = count(spec.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** Time from startTime to completionTime, or to now while running; empty before the job starts. */
export function jobDuration(job: J, now: number): string {
  const status = obj(job.status);
  const start = parseTimestamp(status.startTime);
  if (start === undefined) return '';
  const end = parseTimestamp(status.completionTime);
  return humanDuration((end ?? now) - start);
}

export const jobPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'Status of the job.'),
    workloadColumn('Completions', 'string', 'JobStatus.succeeded'),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    workloadColumn('Selector', 'string', 'JobSpec.selector', 1),
  ],
  cells(job, now) {
    const spec = obj(job.spec);
    return [
      nameOf(job), jobStatus(job), jobCompletions(job), jobDuration(job, now), ageOf(job, now),
      ...containerCells(spec.template), formatLabelSelector(spec.selector),
    ];
  },
};

/** printBoolPtr: "True"/"False", "<unset>" for a nil pointer. */
function boolPtr(v: unknown): string {
  if (typeof v !== 'boolean') return '<unset>';
  return v ? 'True' : 'False';
}

export const cronJobPrinter: Printer = {
  columns: [
    nameColumn(),
    workloadColumn('Schedule', 'string', 'CronJobSpec.schedule'),
    workloadColumn('Timezone', 'string', 'CronJobSpec.timeZone'),
    workloadColumn('Suspend', 'boolean', 'CronJobSpec.suspend'),
    workloadColumn('Active', 'integer', 'CronJobStatus.active'),
    workloadColumn('Last Schedule', 'string', 'CronJobStatus.lastScheduleTime'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    workloadColumn('Selector', 'string', 'JobSpec.selector', 1),
  ],
  cells(cj, now) {
    const spec = obj(cj.spec);
    const status = obj(cj.status);
    const jobSpec = obj(obj(spec.jobTemplate).spec);
    const last = status.lastScheduleTime ? age(status.lastScheduleTime, now) : '<none>';
    return [
      nameOf(cj), str(spec.schedule), spec.timeZone === undefined || spec.timeZone === null ? '<none>' : str(spec.timeZone),
      boolPtr(spec.suspend), arr(status.active).length, last, ageOf(cj, now),
      ...containerCells(jobSpec.template), formatLabelSelector(jobSpec.selector),
    ];
  },
};
