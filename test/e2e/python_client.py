"""Drives Debian's python3-kubernetes (22.6.0) against kubesim: list and read every kind given on
argv (as JSON), then stream a watch. Prints one JSON report on stdout."""
import json
import sys
import threading
import time

from kubernetes import client, config, watch

kubeconfig, specs = sys.argv[1], json.loads(sys.argv[2])
config.load_kube_config(config_file=kubeconfig)
apis = {"core": client.CoreV1Api(), "discovery": client.DiscoveryV1Api(), "events": client.EventsV1Api(),
        "coordination": client.CoordinationV1Api(), "apps": client.AppsV1Api(), "batch": client.BatchV1Api()}
report = {"listed": {}, "read": {}, "errors": [], "watch": []}

custom = client.CustomObjectsApi()

for s in specs:
    api, snake, name = apis.get(s["api"]), s["snake"], s["name"]
    try:
        if s.get("custom"):
            # Custom resources: the dynamic-style CustomObjectsApi, plain dicts.
            g, v, plural = s["group"], s["version"], s["plural"]
            items = custom.list_namespaced_custom_object(g, v, "default", plural)["items"]
            obj = custom.get_namespaced_custom_object(g, v, "default", plural, name)
            report["listed"][s["key"]] = [i["metadata"]["name"] for i in items]
            report["read"][s["key"]] = obj["metadata"]["name"]
            continue
        if s["namespaced"]:
            items = getattr(api, "list_namespaced_" + snake)("default").items
            obj = getattr(api, "read_namespaced_" + snake)(name, "default")
            getattr(api, "list_" + snake + "_for_all_namespaces")()
        else:
            items = getattr(api, "list_" + snake)().items
            obj = getattr(api, "read_" + snake)(name)
        report["listed"][s["key"]] = [i.metadata.name for i in items]
        report["read"][s["key"]] = obj.metadata.name
    except Exception as e:  # report every failure, not just the first
        report["errors"].append("%s: %s: %s" % (s["key"], type(e).__name__, e))

try:
    client.CoreV1Api().read_namespaced_pod("nope", "default")
except client.exceptions.ApiException as e:
    report["not_found"] = {"status": e.status, "body": json.loads(e.body)}

core = apis["core"]


def writer():
    time.sleep(0.5)
    core.create_namespaced_config_map("default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="py-watch-new", labels={"py": "watch"})))
    core.patch_namespaced_config_map("py-watch-new", "default", {"data": {"a": "1"}})
    core.delete_namespaced_config_map("py-watch-new", "default")


threading.Thread(target=writer).start()
w = watch.Watch()
for ev in w.stream(core.list_namespaced_config_map, "default", label_selector="py=watch", timeout_seconds=2):
    report["watch"].append("%s %s" % (ev["type"], ev["object"].metadata.name))

# The server ended that watch (timeoutSeconds); re-watch from the last resourceVersion seen: only
# what happened since arrives, nothing twice.
last_rv = w.resource_version
core.create_namespaced_config_map("default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="py-watch-later", labels={"py": "watch"})))
report["rewatch"] = []
for ev in watch.Watch().stream(core.list_namespaced_config_map, "default", label_selector="py=watch",
                               resource_version=last_rv, timeout_seconds=1):
    report["rewatch"].append("%s %s" % (ev["type"], ev["object"].metadata.name))

print(json.dumps(report))
