/**
 * Widely used Helm charts known to install CRDs, and how (SPEC §4 rule 3): from the chart's `crds/`
 * folder (governed by the HelmRelease's `install.crds`; `Skip` means no), behind a chart value (off by
 * default, e.g. cert-manager's `crds.enabled`, formerly `installCRDs`), or at run time by the operator.
 */

export type CrdInstall =
  | { by: 'crds-folder' }
  | { by: 'value'; paths: string[][]; default: boolean }
  | { by: 'runtime' };

export interface CrdChart {
  /** Chart name (`chart.spec.chart`, or the last segment of a chartRef OCIRepository URL). */
  chart: string;
  /** API groups whose CRDs it installs; a subdomain of one counts (acme.cert-manager.io). */
  groups: string[];
  install: CrdInstall;
}

const folder: CrdInstall = { by: 'crds-folder' };

export const CRD_CHARTS: readonly CrdChart[] = [
  { chart: 'kube-prometheus-stack', groups: ['monitoring.coreos.com'], install: folder },
  { chart: 'prometheus-operator-crds', groups: ['monitoring.coreos.com'], install: folder },
  { chart: 'victoria-metrics-operator', groups: ['operator.victoriametrics.com'], install: folder },
  { chart: 'cilium', groups: ['cilium.io'], install: { by: 'runtime' } },
  { chart: 'cert-manager', groups: ['cert-manager.io'], install: { by: 'value', paths: [['crds', 'enabled'], ['installCRDs']], default: false } },
  { chart: 'kyverno', groups: ['kyverno.io', 'reports.kyverno.io', 'wgpolicyk8s.io'], install: folder },
  { chart: 'gatekeeper', groups: ['templates.gatekeeper.sh', 'constraints.gatekeeper.sh', 'config.gatekeeper.sh', 'mutations.gatekeeper.sh', 'status.gatekeeper.sh'], install: folder },
  { chart: 'longhorn', groups: ['longhorn.io'], install: folder },
  { chart: 'traefik', groups: ['traefik.io', 'traefik.containo.us', 'hub.traefik.io'], install: folder },
  { chart: 'traefik-crds', groups: ['traefik.io', 'traefik.containo.us', 'hub.traefik.io', 'gateway.networking.k8s.io'], install: folder },
  { chart: 'external-secrets', groups: ['external-secrets.io', 'generators.external-secrets.io'], install: { by: 'value', paths: [['installCRDs']], default: true } },
  { chart: 'cloudnative-pg', groups: ['postgresql.cnpg.io'], install: { by: 'value', paths: [['crds', 'create']], default: true } },
  { chart: 'metallb', groups: ['metallb.io'], install: folder },
  { chart: 'rook-ceph', groups: ['ceph.rook.io'], install: { by: 'value', paths: [['crds', 'enabled']], default: true } },
  { chart: 'sealed-secrets', groups: ['bitnami.com'], install: { by: 'value', paths: [['crd', 'create']], default: true } },
  { chart: 'snapshot-controller', groups: ['snapshot.storage.k8s.io', 'groupsnapshot.storage.k8s.io'], install: folder },
  { chart: 'external-snapshotter', groups: ['snapshot.storage.k8s.io'], install: folder },
  { chart: 'ingress-nginx', groups: [], install: folder },
  { chart: 'linkerd-crds', groups: ['linkerd.io', 'policy.linkerd.io'], install: folder },
  { chart: 'mariadb-operator-crds', groups: ['k8s.mariadb.com'], install: folder },
  { chart: 'mariadb-operator', groups: ['k8s.mariadb.com'], install: { by: 'value', paths: [['crds', 'enabled']], default: false } },
  { chart: 'volsync', groups: ['volsync.backube'], install: folder },
  { chart: 'spegel', groups: [], install: folder },
  { chart: 'gateway-helm', groups: ['gateway.envoyproxy.io', 'gateway.networking.k8s.io'], install: folder },
  { chart: 'envoy-gateway', groups: ['gateway.envoyproxy.io', 'gateway.networking.k8s.io'], install: folder },
  { chart: 'grafana-operator', groups: ['grafana.integreatly.org'], install: folder },
];

/** Projects a remote resource URL names, by group: `github.com/cert-manager/…` provides cert-manager.io. */
export const GROUP_PROJECTS: Readonly<Record<string, string[]>> = {
  'cert-manager.io': ['cert-manager'],
  'monitoring.coreos.com': ['prometheus-operator', 'kube-prometheus'],
  'cilium.io': ['cilium'],
  'kyverno.io': ['kyverno'],
  'traefik.io': ['traefik'],
  'snapshot.storage.k8s.io': ['external-snapshotter'],
  'gateway.networking.k8s.io': ['gateway-api'],
  'ceph.rook.io': ['rook'],
  'postgresql.cnpg.io': ['cloudnative-pg'],
  'external-secrets.io': ['external-secrets'],
  'longhorn.io': ['longhorn'],
  'metallb.io': ['metallb'],
  'k8s.mariadb.com': ['mariadb-operator'],
};
