// Column descriptions of the apps/v1 and batch/v1 Tables: the API's own field documentation (k8s.io/api
// 0.35 SwaggerDoc strings, as in openapi/apis__apps__v1.json and apis__batch__v1.json), kept as data
// so Table JSON matches the real server.

export const workloadDescriptions = {
  "ControllerRevision.revision":
    "Revision indicates the revision of the state represented by Data.",
  "CronJobSpec.schedule":
    "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.",
  "CronJobSpec.suspend":
    "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.",
  "CronJobSpec.timeZone":
    "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones",
  "CronJobStatus.active":
    "A list of pointers to currently running jobs.",
  "CronJobStatus.lastScheduleTime":
    "Information when was the last time the job was successfully scheduled.",
  "DaemonSetSpec.selector":
    "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
  "DaemonSetStatus.currentNumberScheduled":
    "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/",
  "DaemonSetStatus.desiredNumberScheduled":
    "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/",
  "DaemonSetStatus.numberAvailable":
    "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)",
  "DaemonSetStatus.numberReady":
    "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.",
  "DaemonSetStatus.updatedNumberScheduled":
    "The total number of nodes that are running updated daemon pod",
  "DeploymentSpec.selector":
    "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
  "DeploymentStatus.availableReplicas":
    "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.",
  "DeploymentStatus.updatedReplicas":
    "Total number of non-terminating pods targeted by this deployment that have the desired template spec.",
  "JobSpec.selector":
    "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
  "JobStatus.succeeded":
    "The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.",
  "PodSpec.nodeSelector":
    "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
  "ReplicaSetSpec.replicas":
    "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset",
  "ReplicaSetSpec.selector":
    "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
  "ReplicaSetStatus.readyReplicas":
    "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.",
  "ReplicaSetStatus.replicas":
    "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset",
} as const;

export type WorkloadDescriptionKey = keyof typeof workloadDescriptions;
