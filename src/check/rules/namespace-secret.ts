/** Namespaces carry Pod Security Standards labels; Secrets are SOPS-encrypted in Git. */
import { builtEntries, describe, hitAt, type Hit, type Rule } from '../rule.ts';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

export const namespaceMissingPss: Rule = {
  id: 'namespace-missing-pss',
  severity: 'warning',
  summary: 'a Namespace without the pod-security.kubernetes.io/enforce label',
  help: 'Label every Namespace with `pod-security.kubernetes.io/enforce: restricted` and `pod-security.kubernetes.io/enforce-version: latest` (baseline or privileged only with a REVIEW comment saying why).',
  check(context) {
    return builtEntries(context.model)
      .filter(({ source }) => source.object.kind === 'Namespace' && source.object.apiVersion === 'v1' && !source.object.metadata?.labels?.[ENFORCE])
      .map((entry) => {
        const at = entry.source.object.metadata?.labels ? ['metadata', 'labels'] : ['metadata'];
        return hitAt(context, entry, at, `${describe(entry.source.object)} has no ${ENFORCE} label; add \`${ENFORCE}: restricted\` and \`${ENFORCE}-version: latest\``);
      });
  },
};

/** Whether a Secret is SOPS-encrypted: `sops:` metadata, or a generated Secret from a SOPS dotenv/ini file. */
function isEncrypted(secret: Record<string, any>): boolean {
  if (secret.sops !== undefined && secret.sops !== null) return true;
  const keys = [...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})];
  return keys.some((key) => key === 'sops' || key.startsWith('sops_'));
}

export const plaintextSecret: Rule = {
  id: 'plaintext-secret',
  severity: 'error',
  summary: 'a Secret without SOPS metadata (plaintext in Git)',
  help: 'Never commit a plaintext Secret. Encrypt it with SOPS (`sops --encrypt --in-place FILE`, `encrypted_regex: ^(data|stringData)$`) and give its Flux Kustomization `decryption: {provider: sops}`.',
  check(context) {
    const hits: Hit[] = [];
    for (const entry of builtEntries(context.model)) {
      const secret = entry.source.object as Record<string, any>;
      if (secret.kind !== 'Secret' || secret.apiVersion !== 'v1' || isEncrypted(secret)) continue;
      const field = ['stringData', 'data'].find((key) => secret[key] && Object.keys(secret[key]).length > 0);
      if (!field) continue;
      hits.push(hitAt(context, entry, [field], `${describe(secret)} is not SOPS-encrypted: its ${field} is plaintext in Git; encrypt the file with \`sops --encrypt --in-place\``));
    }
    return hits;
  },
};
