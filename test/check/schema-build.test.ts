/**
 * `fluxgen check`'s schema findings end to end on a repo written here: the real bin, discovery and
 * the real kustomize, whose generators wrap long base64 values over lines.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/repo.ts';
import { BACKUP_CRD, backupSchedule } from './backup-crd.ts';
import { lineOf } from './clean-repo.ts';
import { writeRepo } from './fake-model.ts';

const kustomization = (name: string, dir: string, dependsOn: string[] = []) => `---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 10m
  path: ./${dir}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
${dependsOn.length > 0 ? `  dependsOn:\n${dependsOn.map((d) => `    - name: ${d}`).join('\n')}\n` : ''}  decryption:
    provider: sops
  postBuild:
    substitute:
      REPLICAS: "2"
`;

const deployment = (name: string, spec: string[]) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: app
spec:
${spec.map((line) => `  ${line}`).join('\n')}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: nginx:1.27
          ports:
            - containerPort: \${PORT:=8080}
`;

const SOPS_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: app
type: Opaque
data:
  password: ENC[AES256_GCM,data:Tm90IGEgcmVhbCBzZWNyZXQ=,iv:w8JY2lDZoPMG6e7KuXUixWUxhoXVrABhQ4bSx0hOjTc=,tag:gqWfEBJ0WUQ5tyKmCx2/eg==,type:str]
stringData:
  port: ENC[AES256_GCM,data:NTQzMg==,iv:p1XCbvjZUpU1cMwq8IeQBmHbkQSgXmqH1yqW8oPeUNI=,tag:q0ll7yrWk7cO0+Z4NUCk1Q==,type:int]
sops:
  age:
    - recipient: age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq
      enc: |
        -----BEGIN AGE ENCRYPTED FILE-----
        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBub3QgYSByZWFsIGtleQo=
        -----END AGE ENCRYPTED FILE-----
  lastmodified: "2026-11-30T10:00:00Z"
  mac: ENC[AES256_GCM,data:bm90IGEgbWFj,iv:p1XCbvjZUpU1cMwq8IeQBmHbkQSgXmqH1yqW8oPeUNI=,tag:q0ll7yrWk7cO0+Z4NUCk1Q==,type:str]
  encrypted_regex: ^(data|stringData)$
  version: 3.9.1
`;

const POLICY = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: allow-dns
spec:
  description: Every pod may ask kube-dns
  endpointSelector: {}
  egress:
    - toEndpoints:
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: kube-system
            k8s-app: kube-dns
      toPorts:
        - ports:
            - port: "53"
              protocol: ANY
`;

const BACKUPS = 'namespaces/app/backups.yaml';
const DEPLOYMENTS = 'namespaces/app/deployments.yaml';
const LONG = 'a-long-connection-string-that-kustomize-wraps:postgres://app:hunter2@db.app.svc.cluster.local:5432/app?sslmode=require';

const FILES: Record<string, string> = {
  'clusters/lab/infrastructure.yaml': kustomization('backup-operator', 'namespaces/backup-operator') + kustomization('app', 'namespaces/app', ['backup-operator']),
  'namespaces/backup-operator/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - crd.yaml\n',
  'namespaces/backup-operator/crd.yaml': BACKUP_CRD,
  'namespaces/app/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: app
resources:
  - deployments.yaml
  - backups.yaml
  - secret.sops.yaml
  - policy.yaml
  - priority-class.yaml
secretGenerator:
  - name: db-url
    literals:
      - url=${LONG}
configMapGenerator:
  - name: blob
    files:
      - blob.bin
`,
  [DEPLOYMENTS]: `${deployment('web', ['replicas: ${REPLICAS}'])}---\n${deployment('worker', ['replicas2: 2'])}`,
  [BACKUPS]: `${backupSchedule(['retention: {keepLast: "${KEEP:=7}"}', 'storage: {driver: s3, options: {bucket: b}}'])}---\n${backupSchedule(['retentionn: {keepLast: 7}', 'suspend: "no"'], 'typo')}`,
  'namespaces/app/secret.sops.yaml': SOPS_SECRET,
  'namespaces/app/policy.yaml': POLICY,
  'namespaces/app/priority-class.yaml': 'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: batch\nvalue: 1000\ndescription: Batch jobs that may wait\n',
};

/** `kustomize build` (or `kubectl kustomize`) of dir, as the objects it prints. */
async function kustomize(dir: string): Promise<Record<string, any>[]> {
  const direct = await execa('kustomize', ['build', dir], { reject: false });
  const { stdout } = direct.exitCode === 0 ? direct : await execa('kubectl', ['kustomize', dir]);
  return stdout.split(/^---$/m).map((doc) => parse(doc));
}

describe('fluxgen check on a repo with its own CRD, generators, SOPS and ${VAR} values', () => {
  let root: string;
  beforeAll(async () => {
    root = await writeRepo(FILES);
    // Not UTF-8: kustomize puts it in binaryData, base64.
    await writeFile(path.join(root, 'namespaces/app/blob.bin'), Buffer.from(Array.from({ length: 150 }, (_, i) => 128 + (i % 128))));
  });

  it('has a secretGenerator value and binary configMap data that kustomize wraps over lines', async () => {
    const built = await kustomize(path.join(root, 'namespaces/app'));
    expect(built.find((o) => o.kind === 'Secret' && o.metadata.name.startsWith('db-url'))!.data.url).toMatch(/\n./);
    expect(built.find((o) => o.kind === 'ConfigMap')!.binaryData['blob.bin']).toMatch(/\n./);
  });

  it('finds only the typos: an unknown field and a wrong type where the CRD is closed, an unknown field of a Kubernetes type', async () => {
    const result = await runCli(['--infra-root', root, 'check', '--format', 'json']);
    const findings = (JSON.parse(result.stdout) as { findings: { rule: string; severity: string; file: string; line: number; message: string }[] }).findings;
    expect(findings.filter((f) => f.rule === 'schema-invalid').map((f) => [f.severity, f.file, f.line, f.message])).toEqual([
      ['error', BACKUPS, lineOf(FILES[BACKUPS]!, 'retentionn'), 'BackupSchedule/typo: spec.retentionn: unknown field "retentionn": the schema of CRD backupschedules.backup.example.io has no such field (a typo?)'],
      ['error', BACKUPS, lineOf(FILES[BACKUPS]!, 'suspend: "no"'), 'BackupSchedule/typo: spec.suspend: must be boolean'],
      ['error', DEPLOYMENTS, lineOf(FILES[DEPLOYMENTS]!, 'replicas2'), 'Deployment/worker: spec.replicas2: unknown field "replicas2": the schema has no such field (a typo?)'],
    ]);
    expect(result.stderr).toContain("schemas: 12 objects validated (2 against the repo's CRDs, 1 SOPS-encrypted: structure only)\n");
  });
});
