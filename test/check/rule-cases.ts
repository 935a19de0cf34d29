/** For every rule id: repos (the clean repo with a few files changed) where it fires, at a file and line, and near misses. */
import { kustomizationKey, type ModelView } from '../../src/discover/model.ts';
import type { FluxgenConfig } from '../../src/config.ts';
import { CILIUM_POLICY, CLEAN_KUSTOMIZATIONS, helmRelease, infrastructure, namespace, type KsSpec } from './clean-repo.ts';
import { WORKLOAD_CASES } from './workload-cases.ts';
import { BACKUP_CRD, backupSchedule } from './backup-crd.ts';

export interface RuleCase {
  rule: string;
  title: string;
  files: Record<string, string | undefined>;
  config?: Partial<FluxgenConfig>;
  mutate?: (model: ModelView) => void;
  /** Where it fires (line: given, or the first line containing `needle` after `after`); absent: it must not fire. */
  at?: { file: string; needle?: string; after?: string; line?: number; message?: RegExp; kustomization?: string; severity?: 'error' | 'warning' };
  count?: number;
}

const HR = 'namespaces/app/helm-release.yaml';
const INFRA = 'clusters/c1/infrastructure.yaml';
const APP_DIR = 'namespaces/app';

/** The clean Kustomizations with one changed. */
function withKustomization(name: string, change: (k: KsSpec) => KsSpec, extra: KsSpec[] = []): Record<string, string> {
  return { [INFRA]: infrastructure([...CLEAN_KUSTOMIZATIONS.map((k) => (k.name === name ? change(k) : k)), ...extra]) };
}

/** The clean repo without the cilium Kustomization, and app without the policy that needs it. */
const withoutCilium = {
  [INFRA]: infrastructure(CLEAN_KUSTOMIZATIONS.filter((k) => k.name !== 'cilium').map((k) => ({ ...k, dependsOn: k.dependsOn?.filter((d) => d !== 'cilium') }))),
  [`${APP_DIR}/cilium-network-policies/allow-k8s-api.yaml`]: undefined,
};

const POLICY = `${APP_DIR}/cilium-network-policies/allow-k8s-api.yaml`;
/** The clean policy with an ingress section (which makes Cilium enforce ingress) of these rules. */
const policyWithIngress = (rules: string[]) => ({ [POLICY]: `${CILIUM_POLICY}  ingress:\n${rules.map((line) => `    ${line}`).join('\n')}\n` });
const FROM_APISERVER = ['- fromEntities:', '    - kube-apiserver'];

const appRelease = (spec: string[]) => ({ [HR]: helmRelease('app', 'app', spec) });

function failBuild(name: string, outcome: { error?: string; remote?: string[] }) {
  return (model: ModelView) => {
    const k = model.kustomizations.find((x) => x.name === name)!;
    model.builds.set(kustomizationKey(k), { objects: [], ...outcome });
  };
}

const networkPolicy = (egress: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: egress
  namespace: app
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
${egress}`;

const deployment = (annotations: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: app
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
      annotations:
${annotations}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

export const RULE_CASES: RuleCase[] = [
  { rule: 'helmrelease-upgrade-force', title: 'upgrade.force: true', files: appRelease(['upgrade:', '  force: true']), at: { file: HR, needle: 'force: true', kustomization: 'app', severity: 'error', message: /remove it/ } },
  { rule: 'helmrelease-upgrade-force', title: 'not upgrade.force: false', files: appRelease(['upgrade:', '  force: false']) },
  { rule: 'helmrelease-cleanup-on-fail', title: 'rollback.cleanupOnFail: true', files: appRelease(['rollback:', '  cleanupOnFail: true']), at: { file: HR, needle: 'cleanupOnFail: true', message: /dependency ordering/ } },
  { rule: 'helmrelease-cleanup-on-fail', title: 'upgrade.cleanupOnFail: true', files: appRelease(['upgrade:', '  cleanupOnFail: true']), at: { file: HR, needle: 'cleanupOnFail' } },
  { rule: 'helmrelease-cleanup-on-fail', title: 'not cleanupOnFail: false', files: appRelease(['upgrade:', '  cleanupOnFail: false']) },
  { rule: 'helmrelease-uninstall-strategy', title: 'upgrade.remediation.strategy: uninstall', files: appRelease(['upgrade:', '  remediation:', '    retries: 3', '    strategy: uninstall']), at: { file: HR, needle: 'strategy: uninstall' } },
  { rule: 'helmrelease-uninstall-strategy', title: 'not strategy: rollback', files: appRelease(['upgrade:', '  remediation:', '    strategy: rollback']) },
  { rule: 'helmrelease-remediate-last-failure', title: 'install.remediation.remediateLastFailure: true', files: { [HR]: helmRelease('app', 'app').replace('      retries: 3', '      retries: 3\n      remediateLastFailure: true') }, at: { file: HR, needle: 'remediateLastFailure' } },
  { rule: 'helmrelease-remediate-last-failure', title: 'not remediateLastFailure: false', files: { [HR]: helmRelease('app', 'app').replace('      retries: 3', '      retries: 3\n      remediateLastFailure: false') } },
  { rule: 'base-overlays-in-flat-repo', title: 'an overlays/ folder next to namespaces/ in a repo pinned flat', files: { 'overlays/prod/kustomization.yaml': 'resources: []\n' }, config: { layout: 'flat' }, at: { file: 'overlays/prod/kustomization.yaml', line: 1, severity: 'warning' } },
  { rule: 'base-overlays-in-flat-repo', title: 'not where flat is only detected (no layout: flat pinned)', files: { 'overlays/prod/kustomization.yaml': 'resources: []\n', 'base/app/kustomization.yaml': 'resources: []\n' } },
  { rule: 'base-overlays-in-flat-repo', title: 'not in a repo pinned to the base/overlays layout', files: { 'base/app/kustomization.yaml': 'resources: []\n' }, config: { layout: 'base-overlays' } },
  { rule: 'monitoring-outside-monitoring-kustomization', title: 'a ServiceMonitor in the app Kustomization', files: { [`${APP_DIR}/servicemonitor.yaml`]: 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: app2\n  namespace: app\nspec:\n  selector: {}\n  endpoints: []\n' }, at: { file: `${APP_DIR}/servicemonitor.yaml`, line: 1, kustomization: 'app', message: /app-monitoring/ } },
  { rule: 'monitoring-outside-monitoring-kustomization', title: 'not a ServiceMonitor in app-monitoring', files: {} },
  { rule: 'chart-servicemonitor-enabled', title: 'metrics.serviceMonitor.enabled: true', files: appRelease(['values:', '  metrics:', '    serviceMonitor:', '      enabled: true']), at: { file: HR, needle: 'enabled: true' } },
  { rule: 'chart-servicemonitor-enabled', title: "cert-manager's prometheus.servicemonitor.enabled: true", files: appRelease(['values:', '  prometheus:', '    servicemonitor:', '      enabled: true']), at: { file: HR, needle: 'enabled: true' } },
  { rule: 'chart-servicemonitor-enabled', title: 'not serviceMonitor.enabled: false', files: appRelease(['values:', '  serviceMonitor:', '    enabled: false', '  metrics:', '    enabled: true']) },
  { rule: 'networkpolicy-for-apiserver', title: 'NetworkPolicy egress to 6443', files: { [`${APP_DIR}/netpol.yaml`]: networkPolicy('    - ports:\n        - port: 6443\n          protocol: TCP\n') }, at: { file: `${APP_DIR}/netpol.yaml`, needle: 'port: 6443', message: /CiliumNetworkPolicy/ } },
  { rule: 'networkpolicy-for-apiserver', title: 'NetworkPolicy egress to a /32 on 443', files: { [`${APP_DIR}/netpol.yaml`]: networkPolicy('    - to:\n        - ipBlock:\n            cidr: 192.168.50.100/32\n      ports:\n        - port: 443\n') }, at: { file: `${APP_DIR}/netpol.yaml`, needle: 'port: 443' } },
  { rule: 'networkpolicy-for-apiserver', title: 'not in a cluster without Cilium (there a NetworkPolicy is the way)', files: { ...withoutCilium, [`${APP_DIR}/netpol.yaml`]: networkPolicy('    - ports:\n        - port: 6443\n') } },
  { rule: 'networkpolicy-for-apiserver', title: 'not a NetworkPolicy to a database or to the internet on 443', files: { [`${APP_DIR}/netpol.yaml`]: networkPolicy('    - to:\n        - podSelector: {matchLabels: {app: db}}\n      ports:\n        - port: 5432\n    - to:\n        - ipBlock: {cidr: 0.0.0.0/0}\n      ports:\n        - port: 443\n') } },
  { rule: 'missing-crd-dependency', title: 'app builds a CiliumNetworkPolicy without depending on cilium', files: withKustomization('app', (k) => ({ ...k, dependsOn: [] })), at: { file: INFRA, needle: 'spec:', after: 'name: app', message: /add `- name: cilium`/ } },
  { rule: 'missing-crd-dependency', title: 'a .fluxgen.yaml provider row counts', files: { [`${APP_DIR}/recurring.yaml`]: 'apiVersion: example.io/v1\nkind: Widget\nmetadata:\n  name: w\n' }, config: { providers: [{ group: 'example.io', kustomization: 'monitoring' }] }, at: { file: INFRA, needle: 'dependsOn:', after: 'name: app', message: /add `- name: monitoring`/ } },
  { rule: 'crd-provider-unknown', title: 'a custom resource whose CRDs no Kustomization of the cluster is known to install', files: { [`${APP_DIR}/recurring.yaml`]: 'apiVersion: example.io/v1\nkind: Widget\nmetadata:\n  name: w\n' }, at: { file: INFRA, needle: 'spec:', after: 'name: app', message: /CRDs of example\.io used/, severity: 'warning' } },
  { rule: 'crd-provider-unknown', title: 'not when a .fluxgen.yaml providers row names the Kustomization that installs them', files: { [`${APP_DIR}/recurring.yaml`]: 'apiVersion: example.io/v1\nkind: Widget\nmetadata:\n  name: w\n' }, config: { providers: [{ group: 'example.io', kustomization: 'monitoring' }] } },
  { rule: 'missing-crd-dependency', title: 'not for the provider itself (cilium building a CiliumNetworkPolicy)', files: { 'namespaces/cilium/policy.yaml': 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: default\nspec:\n  endpointSelector: {}\n' } },
  { rule: 'monitoring-kustomization-deps', title: 'app-monitoring without app', files: withKustomization('app-monitoring', (k) => ({ ...k, dependsOn: ['monitoring'] })), at: { file: INFRA, needle: 'dependsOn:', after: 'name: app-monitoring', message: /app/ } },
  { rule: 'monitoring-kustomization-deps', title: 'app-monitoring with wait: true', files: withKustomization('app-monitoring', (k) => ({ ...k, extra: ['wait: true'] })), at: { file: INFRA, needle: 'wait: true', after: 'name: app-monitoring', message: /wait: false/ } },
  { rule: 'monitoring-kustomization-deps', title: 'not when both dependencies are there and it does not wait', files: {} },
  { rule: 'namespace-missing-pss', title: 'a Namespace without labels', files: { [`${APP_DIR}/namespace.yaml`]: namespace('app', []) }, at: { file: `${APP_DIR}/namespace.yaml`, needle: 'metadata:', severity: 'warning' } },
  { rule: 'namespace-missing-pss', title: 'not a Namespace with enforce: baseline', files: { [`${APP_DIR}/namespace.yaml`]: namespace('app', ['pod-security.kubernetes.io/enforce: baseline']) } },
  { rule: 'plaintext-secret', title: 'a Secret with plaintext stringData', files: { [`${APP_DIR}/secret.yaml`]: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: app\nstringData:\n  password: hunter2\n' }, at: { file: `${APP_DIR}/secret.yaml`, needle: 'stringData:', message: /sops/ } },
  { rule: 'plaintext-secret', title: 'not a SOPS-encrypted Secret', files: {} },
  { rule: 'dangling-depends-on', title: 'app depends on a Kustomization that does not exist', files: withKustomization('app', (k) => ({ ...k, dependsOn: ['cilium', 'cert-manger'] })), at: { file: INFRA, needle: '- name: cert-manger', message: /cert-manger/ } },
  { rule: 'dangling-depends-on', title: 'not an entry with the explicit namespace flux-system', files: { [INFRA]: infrastructure().replace('    - name: cilium', '    - name: cilium\n      namespace: flux-system') } },
  { rule: 'dependency-cycle', title: 'cilium → app → cilium', files: withKustomization('cilium', (k) => ({ ...k, dependsOn: ['app'] })), at: { file: INFRA, needle: '- name: cilium', after: 'name: app', message: /app → cilium → app.*members: app, cilium/ } },
  { rule: 'dependency-cycle', title: 'not a diamond', files: withKustomization('app-monitoring', (k) => ({ ...k, dependsOn: ['monitoring', 'app', 'cilium'] })) },
  { rule: 'kustomization-path-missing', title: 'a path that is not a folder', files: withKustomization('app', (k) => ({ ...k, path: 'namespaces/ap' })), at: { file: INFRA, needle: 'path: ./namespaces/ap', message: /namespaces\/ap/ } },
  { rule: 'kustomization-path-missing', title: 'not a path in another source', files: { [INFRA]: `${infrastructure()}---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: vendor\n  namespace: flux-system\nspec:\n  interval: 5m\n  path: ./deploy\n  prune: false\n  sourceRef:\n    kind: GitRepository\n    name: vendor-repo\n` } },
  { rule: 'kustomize-build-failed', title: 'kustomize fails on the path', files: {}, mutate: failBuild('app', { error: "accumulating resources: open namespaces/app/missing.yaml: no such file or directory\n" }), at: { file: INFRA, needle: 'path: ./namespaces/app', after: 'name: app', message: /missing\.yaml/, severity: 'error' } },
  { rule: 'kustomize-build-failed', title: 'a remote base offline is a warning naming the URL', files: {}, mutate: failBuild('app', { error: 'fetch failed', remote: ['https://github.com/example/base?ref=v1'] }), at: { file: INFRA, needle: 'path: ./namespaces/app', after: 'name: app', message: /github\.com\/example\/base/, severity: 'warning' }, count: 1 },
  { rule: 'kustomize-build-failed', title: 'not a build that succeeds', files: {} },
  { rule: 'webhook-without-cilium-policy', title: 'cert-manager (a known webhook chart) without a policy', files: { [`${APP_DIR}/cilium-network-policies/allow-k8s-api.yaml`]: undefined, [HR]: helmRelease('app', 'cert-manager') }, at: { file: HR, needle: 'chart: cert-manager', message: /fluxgen netpol app/ } },
  { rule: 'webhook-without-cilium-policy', title: 'a ValidatingWebhookConfiguration without a policy', files: { [`${APP_DIR}/cilium-network-policies/allow-k8s-api.yaml`]: undefined, [`${APP_DIR}/webhook.yaml`]: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: app\nwebhooks: []\n' }, at: { file: `${APP_DIR}/webhook.yaml`, line: 1 } },
  { rule: 'webhook-without-cilium-policy', title: "linkerd's real chart linkerd-control-plane without a policy", files: { [`${APP_DIR}/cilium-network-policies/allow-k8s-api.yaml`]: undefined, [HR]: helmRelease('app', 'linkerd-control-plane') }, at: { file: HR, needle: 'chart: linkerd-control-plane', message: /fluxgen netpol app/ } },
  { rule: 'webhook-without-cilium-policy', title: 'not kyverno-policies (a chart that registers no webhook) without a policy', files: { [`${APP_DIR}/cilium-network-policies/allow-k8s-api.yaml`]: undefined, [HR]: helmRelease('app', 'kyverno-policies') } },
  { rule: 'webhook-without-cilium-policy', title: 'not cert-manager with its CiliumNetworkPolicy', files: { [HR]: helmRelease('app', 'cert-manager') } },
  { rule: 'webhook-without-cilium-policy', title: 'not in a cluster without Cilium', files: { ...withoutCilium, [`${APP_DIR}/cilium-network-policies/allow-k8s-api.yaml`]: undefined, [HR]: helmRelease('app', 'cert-manager') } },
  { rule: 'netpol-blocks-prometheus', title: 'a policy selecting every pod of a scraped namespace that admits only the API server', files: policyWithIngress(FROM_APISERVER), at: { file: POLICY, needle: 'endpointSelector', message: /namespace app, which ServiceMonitor\/app scrapes, but admits no ingress from namespace monitoring/, severity: 'warning' } },
  { rule: 'netpol-blocks-prometheus', title: "not when a rule admits Prometheus's namespace", files: policyWithIngress([...FROM_APISERVER, '- fromEndpoints:', '    - matchLabels:', '        k8s:io.kubernetes.pod.namespace: monitoring']) },
  { rule: 'netpol-blocks-prometheus', title: 'not a policy that selects only some pods', files: { [POLICY]: policyWithIngress(FROM_APISERVER)[POLICY]!.replace('endpointSelector: {}', 'endpointSelector:\n    matchLabels:\n      app.kubernetes.io/name: webhook') } },
  { rule: 'netpol-blocks-prometheus', title: 'not a policy without ingress rules (ingress not enforced)', files: {} },
  { rule: 'restart-annotation', title: 'kubectl.kubernetes.io/restartedAt on a pod template', files: { [`${APP_DIR}/deployment.yaml`]: deployment('        kubectl.kubernetes.io/restartedAt: "2024-11-20T10:00:00Z"') }, at: { file: `${APP_DIR}/deployment.yaml`, needle: 'restartedAt' } },
  { rule: 'restart-annotation', title: 'rollme in HelmRelease podAnnotations', files: appRelease(['values:', '  podAnnotations:', '    rollme: "42"']), at: { file: HR, needle: 'rollme' } },
  { rule: 'restart-annotation', title: 'not checksum/config', files: { [`${APP_DIR}/deployment.yaml`]: deployment('        checksum/config: 3f2a9c') } },
  ...WORKLOAD_CASES,
  { rule: 'schema-invalid', title: 'a typo in a field of a Kubernetes type (spec.replicas2)', files: { [`${APP_DIR}/deployment.yaml`]: deployment('        note: x').replace('spec:\n  selector', 'spec:\n  replicas2: 2\n  selector') }, at: { file: `${APP_DIR}/deployment.yaml`, needle: 'replicas2', message: /unknown field "replicas2"/ } },
  { rule: 'schema-invalid', title: 'a string where an integer goes', files: { [`${APP_DIR}/deployment.yaml`]: deployment('        note: x').replace('spec:\n  selector', 'spec:\n  replicas: two\n  selector') }, at: { file: `${APP_DIR}/deployment.yaml`, needle: 'replicas: two', message: /must be integer/ } },
  { rule: 'schema-invalid', title: 'a number where a duration goes in a Flux Kustomization of infrastructure.yaml', files: withKustomization('app', (k) => ({ ...k, extra: [...(k.extra ?? []), 'retryInterval: 60'] })), at: { file: INFRA, needle: 'retryInterval: 60', message: /must be string/ } },
  { rule: 'schema-invalid', title: 'a typo in a custom resource whose CRD the repo builds', files: { [`${APP_DIR}/crd.yaml`]: BACKUP_CRD, [`${APP_DIR}/backup.yaml`]: backupSchedule(['retentionn:', '  keepLast: 7']) }, at: { file: `${APP_DIR}/backup.yaml`, needle: 'retentionn', message: /unknown field "retentionn": the schema of CRD backupschedules\.backup\.example\.io/ } },
  { rule: 'schema-invalid', title: 'not a field the Flux package lacks, without the CRD to tell (it may be newer than the package)', files: appRelease(['someFutureField: true']) },
  { rule: 'schema-invalid', title: 'a value the Flux package does not list, without the CRD to tell, as a warning', files: { [`${APP_DIR}/alert.yaml`]: 'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: x\n  namespace: app\nspec:\n  providerRef: {name: p}\n  eventSources:\n    - kind: FluxInstance\n      name: flux\n' }, at: { file: `${APP_DIR}/alert.yaml`, needle: 'kind: FluxInstance', severity: 'warning', message: /a later release may allow it/ } },
  { rule: 'schema-invalid', title: 'not free-form values, ${VAR} substitutions, custom resources that match their CRD or kinds without a schema', files: { ...appRelease(['values:', '  anything: {goes: [1, 2]}', 'timeout: ${TIMEOUT}']), [`${APP_DIR}/crd.yaml`]: BACKUP_CRD, [`${APP_DIR}/backup.yaml`]: backupSchedule(['retention:', '  keepLast: ${KEEP:=7}']), [`${APP_DIR}/db.yaml`]: 'apiVersion: k8s.mariadb.com/v1alpha1\nkind: MariaDB\nmetadata:\n  name: x\nspec:\n  whatever: 1\n' } },
];
