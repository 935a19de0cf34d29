/** Cases of the base/overlays workload rules: a bare Deployment, a complete one, and the bare one in a flat, a mixed and Flux's own place. */
import { CLEAN_KUSTOMIZATIONS, infrastructure } from './clean-repo.ts';
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
    app.kubernetes.io/version: "1.27"
    app.kubernetes.io/component: frontend
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
        app.kubernetes.io/version: "1.27"
        app.kubernetes.io/component: frontend
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

const INFRA = 'clusters/c1/infrastructure.yaml';
const OVERLAY_FILE = 'overlays/c1/web/deployment.yaml';
/** The bare Deployment as an app: built by a Kustomization whose path is an overlay. */
const overlaysApp = { [INFRA]: infrastructure([...CLEAN_KUSTOMIZATIONS, { name: 'web', path: 'overlays/c1/web' }]), [OVERLAY_FILE]: BARE_DEPLOYMENT };
/** The bare Deployment where Flux bootstrap writes its controllers (which carry other labels). */
const fluxControllers = {
  [INFRA]: infrastructure([...CLEAN_KUSTOMIZATIONS, { name: 'flux-system', path: 'clusters/c1/flux-system' }]),
  'clusters/c1/flux-system/gotk-components.yaml': BARE_DEPLOYMENT,
};

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
  { rule: 'workload-not-restricted', title: 'not a flat component of a mixed repo', files: { [FILE]: COMPLETE_DEPLOYMENT }, config: { layout: 'mixed' } },
  { rule: 'service-selector-no-pods', title: 'not a flat component of a mixed repo', files: { 'namespaces/app/helm-release.yaml': undefined, [FILE]: COMPLETE_DEPLOYMENT, [SVC]: service('app.kubernetes.io/name: api') }, config: { layout: 'mixed' } },
  { rule: 'workload-missing-labels', title: 'a Deployment without the app, version and component labels', files: { [FILE]: BARE_DEPLOYMENT }, config: overlays, at: { file: FILE, needle: 'metadata:', severity: 'warning', message: /Deployment\/web lacks the labels app\.kubernetes\.io\/name, app\.kubernetes\.io\/version, app\.kubernetes\.io\/component; add to metadata\.labels \{app\.kubernetes\.io\/name: "web", app\.kubernetes\.io\/version: "1\.27", app\.kubernetes\.io\/component: "<role/ } },
  { rule: 'workload-missing-labels', title: 'its pod template without them', files: { [FILE]: BARE_DEPLOYMENT }, config: overlays, at: { file: FILE, needle: 'labels:', after: 'template:', message: /its pod template lacks the labels app\.kubernetes\.io\/name, app\.kubernetes\.io\/version, app\.kubernetes\.io\/component; add to spec\.template\.metadata\.labels/ }, count: 2 },
  { rule: 'workload-missing-labels', title: 'a Deployment with the name label only', files: { [FILE]: COMPLETE_DEPLOYMENT.replace(/^ {4}app\.kubernetes\.io\/(version|component): .*\n/gm, '') }, config: overlays, at: { file: FILE, needle: 'labels:', message: /lacks the labels app\.kubernetes\.io\/version, app\.kubernetes\.io\/component; add to metadata\.labels \{app\.kubernetes\.io\/version: "1\.27", app\.kubernetes\.io\/component: "<role/ }, count: 1 },
  { rule: 'workload-missing-labels', title: 'pods without the component label, offered the Deployment\'s', files: { [FILE]: COMPLETE_DEPLOYMENT.replace('        app.kubernetes.io/component: frontend\n', '') }, config: overlays, at: { file: FILE, needle: 'labels:', after: 'template:', message: /lacks the label app\.kubernetes\.io\/component; add to spec\.template\.metadata\.labels \{app\.kubernetes\.io\/component: "frontend"\}$/ }, count: 1 },
  { rule: 'workload-missing-labels', title: 'an app of a mixed repo (path under overlays/)', files: overlaysApp, config: { layout: 'mixed' }, at: { file: OVERLAY_FILE, needle: 'metadata:' }, count: 2 },
  { rule: 'workload-missing-labels', title: 'not a labelled Deployment', files: { [FILE]: COMPLETE_DEPLOYMENT }, config: overlays },
  { rule: 'workload-missing-labels', title: 'not in a flat repo', files: { [FILE]: BARE_DEPLOYMENT } },
  { rule: 'workload-missing-labels', title: 'not a flat component of a mixed repo', files: { [FILE]: BARE_DEPLOYMENT }, config: { layout: 'mixed' } },
  { rule: 'workload-missing-labels', title: "not Flux's own controllers (flux-system/gotk-components.yaml)", files: fluxControllers, config: overlays },
  { rule: 'workload-missing-resources', title: 'a container without limits', files: { [FILE]: BARE_DEPLOYMENT }, config: overlays, at: { file: FILE, needle: 'resources:', message: /limits/ } },
  { rule: 'workload-missing-resources', title: 'not a container with requests and limits', files: { [FILE]: COMPLETE_DEPLOYMENT }, config: overlays },
  { rule: 'workload-missing-probes', title: 'a container without probes', files: { [FILE]: BARE_DEPLOYMENT }, config: overlays, at: { file: FILE, needle: '- name: web', message: /livenessProbe or readinessProbe/ } },
  { rule: 'workload-missing-probes', title: 'not a container with both probes', files: { [FILE]: COMPLETE_DEPLOYMENT }, config: overlays },
];
