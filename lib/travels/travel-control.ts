import { Construct } from 'constructs';
import { IMeshService, MeshService, requireMeshService, serviceAddress } from '../workload/mesh-service';
import { travelsPodAnnotations } from './proxy-config';
import { invalidInput, requireArray, requireObject } from '../core/validation';
import { TRAVELS_IMAGE_REGISTRY, TravelsWorkloadOptions, travelsWorkload } from './options';

/** Props of {@link TravelControl}. */
export interface TravelControlProps extends TravelsWorkloadOptions {
  /** The namespace. */
  readonly namespace: string;
  /** The portals the dashboard drives, with the name each sends in the `portal` header. */
  readonly portals: ReadonlyArray<{ readonly service: IMeshService; readonly portalName: string }>;
}

/** The travel-control namespace: the dashboard that sets the portals' load. */
export class TravelControl extends Construct {
  /** The dashboard (port 8080), exposed by the control ingress. */
  public readonly control: MeshService;

  public constructor(scope: Construct, id: string, props: TravelControlProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    requireArray(this, 'portals', props.portals).forEach((p, i) => {
      requireObject(this, `portals[${i}]`, p);
      requireMeshService(this, `portals[${i}].service`, p.service);
      if (typeof p.portalName !== 'string' || !/^[^;,\s]+$/.test(p.portalName)) {
        throw invalidInput(this, `portals[${i}].portalName`, p.portalName, 'Allowed: a name without white space, \';\' or \',\' (PORTAL_SERVICES separates entries by them).');
      }
    });
    this.control = new MeshService(this, 'control', { name: 'control', namespace: props.namespace, port: { number: 8080 } });
    this.control.addVersion({
      ...travelsWorkload(this, props),
      version: 'v1',
      name: 'control',
      image: `${TRAVELS_IMAGE_REGISTRY}/demo_travels_control:v1`,
      env: {
        PORTAL_SERVICES: props.portals.map((p) => `${p.portalName};http://${serviceAddress(p.service)}`).join(','),
      },
      podAnnotations: travelsPodAnnotations(undefined), // upstream gives control no proxy config
      sidecarInjection: (props.sidecarInjection ?? (() => true))('control'),
    });
  }
}
