/**
 * A large manifest file for the loader and analyzer benches, written in chunks (never held whole): per service a
 * Service, two Deployments (v1, v2), a VirtualService and a DestinationRule, in the shape `cdk8s synth` writes them,
 * spread over 10 namespaces in one member roll. The mesh is clean: the analyzer finds nothing in it.
 */
import * as fs from 'node:fs';

const NAMESPACES = 10;
const KINDS_PER_SERVICE = 5;

function serviceYaml(i: number): string {
  const name = `svc-${i}`;
  const namespace = `team-${i % NAMESPACES}`;
  const host = `${name}.${namespace}.svc.cluster.local`;
  const deployment = (v: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}-${v}
  namespace: ${namespace}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
      version: ${v}
  template:
    metadata:
      labels:
        app: ${name}
        sidecar.istio.io/inject: "true"
        version: ${v}
    spec:
      containers:
        - image: quay.io/example/app:${v}
          imagePullPolicy: IfNotPresent
          name: ${name}
          ports:
            - containerPort: 8080
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop:
                - ALL
            privileged: false
            readOnlyRootFilesystem: true
`;
  const labels = `  labels:
    app.kubernetes.io/managed-by: cdk8s-ossm
    kiali_wizard: traffic_shifting
  name: ${name}
  namespace: ${namespace}
`;
  return `---
apiVersion: v1
kind: Service
metadata:
  labels:
    app: ${name}
  name: ${name}
  namespace: ${namespace}
spec:
  ports:
    - name: http
      port: 8080
  selector:
    app: ${name}
---
${deployment('v1')}---
${deployment('v2')}---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
${labels}spec:
  hosts:
    - ${host}
  http:
    - match:
        - headers:
            x-canary:
              exact: "true"
      route:
        - destination:
            host: ${host}
            subset: v2
          weight: 100
    - route:
        - destination:
            host: ${host}
            subset: v1
          weight: 90
        - destination:
            host: ${host}
            subset: v2
          weight: 10
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata:
${labels}spec:
  host: ${host}
  subsets:
    - labels:
        version: v1
      name: v1
    - labels:
        version: v2
      name: v2
  trafficPolicy:
    connectionPool:
      http:
        http1MaxPendingRequests: 10
      tcp:
        maxConnections: 100
    outlierDetection:
      consecutive5xxErrors: 5
`;
}

function headerYaml(): string {
  const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `team-${i}`);
  return `apiVersion: maistra.io/v1
kind: ServiceMeshMemberRoll
metadata:
  name: default
  namespace: istio-system
spec:
  members:
${namespaces.map((n) => `    - ${n}\n`).join('')}${namespaces.map((n) => `---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n`).join('')}`;
}

/**
 * Writes about `objects` Kubernetes objects (rounded up to whole services, plus the member roll and the namespaces)
 * to `file`; returns how many it wrote.
 */
export function writeManifestFile(file: string, objects: number): number {
  const services = Math.ceil(objects / KINDS_PER_SERVICE);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, headerYaml());
    let batch: string[] = [];
    for (let i = 0; i < services; i++) {
      batch.push(serviceYaml(i));
      if (batch.length === 1000 || i === services - 1) {
        fs.writeSync(fd, batch.join(''));
        batch = [];
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return 1 + NAMESPACES + services * KINDS_PER_SERVICE;
}
