/** The project's own small CRD (test/fixtures/crds), and custom resources of it, for the schema tests that need no ../shared. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT } from '../helpers/repo.ts';

export const BACKUP_CRD_FILE = path.join(PROJECT, 'test/fixtures/crds/backupschedules.backup.example.io.yaml');

/** The text of the BackupSchedule CRD (backup.example.io/v1 and v1alpha1). */
export const BACKUP_CRD = readFileSync(BACKUP_CRD_FILE, 'utf8');

/** A BackupSchedule (backup.example.io/v1) of namespace `app` with `spec` lines added. */
export const backupSchedule = (spec: string[], name = 'nightly') =>
  ['apiVersion: backup.example.io/v1', 'kind: BackupSchedule', 'metadata:', `  name: ${name}`, '  namespace: app', 'spec:', '  schedule: "0 3 * * *"', '  target: {host: db.app.svc, port: 5432}', ...spec.map((line) => `  ${line}`), ''].join('\n');
