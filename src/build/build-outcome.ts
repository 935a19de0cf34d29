/** What building a folder yields: its objects, each with its source file, or why it could not be built. */
import type { BuiltObject } from './kustomize.ts';

/** A built object with where it came from. */
export interface SourcedObject {
  /** The object, with kustomize's origin annotation stripped. */
  object: BuiltObject;
  /** Repo-relative source file from `config.kubernetes.io/origin`, when known. */
  file?: string;
}

export interface BuildOutcome {
  objects: SourcedObject[];
  /** kustomize's error when the build failed. */
  error?: string;
  /** Remote bases that could not be fetched offline (URLs). */
  remote?: string[];
}
