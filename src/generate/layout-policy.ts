/** Which repo layouts each generator writes into (SPEC §1): `component` the flat one, `service` base/overlays. */
import type { RepoModel } from '../discover/model.ts';
import { FluxgenError } from '../errors.ts';

function refusePerApp(model: Pick<RepoModel, 'root' | 'layout'>, kind: string): void {
  if (model.layout !== 'per-app') return;
  throw new FluxgenError('BAD_REPO', `${model.root} uses the per-app layout (<ns>/<app>/ks.yaml + app/); \`${kind}\` does not generate into that layout yet`, {
    hint: 'add the component by hand as <ns>/<app>/ks.yaml and <app>/app/, or set `layout: flat` in .fluxgen.yaml if this repo keeps its components in the flat layout',
  });
}

/** `component`: flat or mixed repos; a base/overlays repo is told to use `service`. */
export function assertFlatLayout(model: Pick<RepoModel, 'root' | 'layout'>, kind: string): void {
  refusePerApp(model, kind);
  if (model.layout !== 'base-overlays') return;
  throw new FluxgenError('BAD_REPO', `${model.root} uses the base/overlays layout; \`${kind}\` adds to the flat layout`, {
    hint: 'add an application with `fluxgen service <name> --image IMG --port N`, or set `layout: flat` in .fluxgen.yaml if this repo keeps its components in the flat layout',
  });
}

/** `service`: base/overlays or mixed repos; a flat repo is told to use `component`, and gets no base/ or overlays/. */
export function assertOverlaysLayout(model: Pick<RepoModel, 'root' | 'layout'>, kind: string): void {
  refusePerApp(model, kind);
  if (model.layout !== 'flat') return;
  throw new FluxgenError('BAD_REPO', `${model.root} uses the flat layout (namespaces/<component>/, no base/ or overlays/); \`${kind}\` writes base/overlays and would break that layout`, {
    hint: 'add it with `fluxgen component <name> --chart C --repo-url URL`, or set `layout: base-overlays` (or `mixed`) in .fluxgen.yaml if this repo keeps its apps in base/ and overlays/',
  });
}
