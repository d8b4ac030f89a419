// The command line in tests: run in-process, a temporary folder per test for its inputs, and inputs several tests read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/cdk8s-ossm';

/** The installed command's shim (bin/cdk8s-ossm.js), which runs the built CLI. */
export const CLI_SHIM = join(__dirname, '..', '..', 'bin', 'cdk8s-ossm.js');

/** `cdk8s-ossm <argv>`: the exit status and everything written to stdout and stderr. */
export function runCli(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
  return { code, stdout, stderr };
}

/**
 * A fresh temporary folder for each test of the calling file (made before the test, removed after it): `path`, and
 * `write(name, text)`, which writes a file into it and returns its path.
 */
export function tempFolderPerTest(prefix: string): { readonly path: string; write(name: string, text: string): string } {
  let dir = '';
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), prefix)); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return {
    get path() { return dir; },
    write(name, text) {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
  };
}

/** The travels Service and its v1 Deployment (with the sidecar label), without namespaces. */
export const WORKLOAD = `apiVersion: v1
kind: Service
metadata: {name: travels}
spec:
  selector: {app: travels}
  ports: [{name: http, port: 8000}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: travels-v1}
spec:
  template:
    metadata:
      labels: {app: travels, version: v1, sidecar.istio.io/inject: "true"}
`;

/** A VirtualService routing to a subset no DestinationRule defines (OSSM101). */
export const BAD_ROUTE = `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: travels}
spec:
  hosts: [travels]
  http:
  - route:
    - destination: {host: travels, subset: v9}
`;
