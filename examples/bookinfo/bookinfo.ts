import { App } from 'cdk8s';
import { DistSources, IMeshControlPlane, Mesh } from 'cdk8s-ossm';
import { BookinfoAppsChart } from './bookinfo-apps-chart';
import { BOOKINFO_STEPS, BookinfoStep, buildBookinfoStep } from './bookinfo-steps';

export { BookinfoAppsChart, BOOKINFO_IMAGES, BOOKINFO_RELEASE } from './bookinfo-apps-chart';
export { BOOKINFO_STEPS, BookinfoStep } from './bookinfo-steps';

/** Options of {@link buildBookinfo}. */
export interface BookinfoOptions {
  /** The namespace of the app. @default 'bookinfo' */
  readonly namespace?: string;
  /**
   * The control plane of the mesh Bookinfo joins (made elsewhere, e.g. `MeshBaseChart.meshControlPlane` of the
   * workshop's mesh base): declared as the mesh of the base App and of every step's App, where each construct finds it.
   */
  readonly controlPlane: IMeshControlPlane;
  /** The ingress host in ambient mode (see `BookinfoAppsChartProps.ingressHost`). @default - none: required in ambient mode */
  readonly ingressHost?: string;
}

/** Bookinfo: the base (namespace, member, services, workloads, ingress) and its steps, ready for `writeDist`. */
export interface Bookinfo extends DistSources {
  readonly apps: BookinfoAppsChart;
  readonly steps: Readonly<Record<BookinfoStep, App>>;
}

/** Composes Istio's Bookinfo and its traffic and security steps from cdk8s-ossm's public API. */
export function buildBookinfo(options: BookinfoOptions): Bookinfo {
  const base = new App();
  Mesh.declare(base, options.controlPlane);
  const apps = new BookinfoAppsChart(base, 'bookinfo', { appNamespace: options.namespace, ingressHost: options.ingressHost });
  const steps = Object.fromEntries(BOOKINFO_STEPS.map((step) => [step, buildBookinfoStep(step, apps)])) as Record<BookinfoStep, App>;
  return { base, apps, steps };
}
