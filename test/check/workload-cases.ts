/** Cases of the base/overlays workload rules: a bare Deployment, a complete one, and the bare one in a flat repo. */
import type { RuleCase } from './rule-cases.ts';

const FILE = 'namespaces/app/deployment.yaml';

export const BARE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: app
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests:
              cpu: 50m
`;

export const COMPLETE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: app
  labels:
    app.kubernetes.io/name: web
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests: {cpu: 50m, memory: 64Mi}
            limits: {cpu: 200m, memory: 128Mi}
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
`;

const overlays = { layout: 'base-overlays' as const };

const SVC = 'namespaces/app/service.yaml';
const service = (selector: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: app
spec:
  selector:
    ${selector}
  ports:
    - port: 80
`;

/** The complete Deployment with a restricted pod securityContext (and, from \`patch\`, its containers'). */
const RESTRICTED_DEPLOYMENT = COMPLETE_DEPLOYMENT.replace('    spec:\n      containers:', '    spec:\n      securityContext:\n        runAsNonRoot: true\n        seccompProfile: {type: RuntimeDefault}\n      containers:')
  + '          securityContext:\n            allowPrivilegeEscalation: false\n            capabilities: {drop: [ALL]}\n';

export const WORKLOAD_CASES: RuleCase[] = [
  { rule: 'service-selector-no-pods', title: 'a Service selecting labels no pod has', files: { 'namespaces/app/helm-release.yaml': undefined, [FILE]: COMPLETE_DEPLOYMENT, [SVC]: service('app.kubernetes.io/name: api') }, config: overlays, at: { file: SVC, needle: 'selector:', severity: 'warning', message: /no pod template/ } },
  { rule: 'service-selector-no-pods', title: 'not a Service selecting its pods', files: { 'namespaces/app/helm-release.yaml': undefined, [FILE]: COMPLETE_DEPLOYMENT, [SVC]: service('app.kubernetes.io/name: web') }, config: overlays },
  { rule: 'workload-not-restricted', title: 'a Deployment without a securityContext', files: { [FILE]: COMPLETE_DEPLOYMENT }, config: overlays, at: { file: FILE, needle: 'spec:', after: 'template:', severity: 'warning', message: /runAsNonRoot: true, seccompProfile/ } },
  { rule: 'workload-not-restricted', title: 'not a restricted Deployment', files: { [FILE]: RESTRICTED_DEPLOYMENT }, config: overlays },
  { rule: 'workload-missing-labels', title: 'a Deployment without app.kubernetes.io/name', files: { [FILE]: BARE_DEPLOYMENT }, config: overlays, at: { file: FILE, needle: 'metadata:', severity: 'warning' } },
  { rule: 'workload-missing-labels', title: 'its pod template without the label', files: { [FILE]: BARE_DEPLOYMENT }, config: overlays, at: { file: FILE, needle: 'labels:', after: 'template:' } },
  { rule: 'workload-missing-labels', title: 'not a labelled Deployment', files: { [FILE]: COMPLETE_DEPLOYMENT }, config: overlays },
  { rule: 'workload-missing-labels', title: 'not in a flat repo', files: { [FILE]: BARE_DEPLOYMENT } },
  { rule: 'workload-missing-resources', title: 'a container without limits', files: { [FILE]: BARE_DEPLOYMENT }, config: overlays, at: { file: FILE, needle: 'resources:', message: /limits/ } },
  { rule: 'workload-missing-resources', title: 'not a container with requests and limits', files: { [FILE]: COMPLETE_DEPLOYMENT }, config: overlays },
  { rule: 'workload-missing-probes', title: 'a container without probes', files: { [FILE]: BARE_DEPLOYMENT }, config: overlays, at: { file: FILE, needle: '- name: web', message: /livenessProbe or readinessProbe/ } },
  { rule: 'workload-missing-probes', title: 'not a container with both probes', files: { [FILE]: COMPLETE_DEPLOYMENT }, config: overlays },
];
