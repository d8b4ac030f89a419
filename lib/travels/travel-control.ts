import { Construct } from 'constructs';
import { MeshService } from '../workload/mesh-service';
import { travelsPodAnnotations } from './proxy-config';
import { TRAVELS_IMAGE_REGISTRY, TravelsWorkloadOptions } from './options';

/** Props of {@link TravelControl}. */
export interface TravelControlProps extends TravelsWorkloadOptions {
  /** The namespace. */
  readonly namespace: string;
  /** The portals the dashboard drives, with the name each sends in the `portal` header. */
  readonly portals: ReadonlyArray<{ readonly service: MeshService; readonly portalName: string }>;
}

/** The travel-control namespace: the dashboard that sets the portals' load. */
export class TravelControl extends Construct {
  /** The dashboard (port 8080), exposed by the control ingress. */
  public readonly control: MeshService;

  public constructor(scope: Construct, id: string, props: TravelControlProps) {
    super(scope, id);
    this.control = new MeshService(this, 'control', { name: 'control', namespace: props.namespace, port: { number: 8080 } });
    this.control.addVersion({
      version: 'v1',
      name: 'control',
      image: `${TRAVELS_IMAGE_REGISTRY}/demo_travels_control:v1`,
      env: {
        PORTAL_SERVICES: props.portals.map((p) => `${p.portalName};http://${p.service.address}`).join(','),
      },
      podAnnotations: travelsPodAnnotations(undefined), // upstream gives control no proxy config
      sidecarInjection: (props.sidecarInjection ?? (() => true))('control'),
    });
  }
}
